package org.cgiserver.process;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The spawn helper's JVM gets its package whole, and nothing else, as its class path: so
 * that package must use nothing but the JDK, or the helper would fail to start (or start
 * loading the server's classes as the scripts' user).
 */
class SpawnHelperPackageTests {

	private static final String PACKAGE = "org/cgiserver/process/spawn/helper";

	private static final Path SOURCES = Path.of("src/main/java22", PACKAGE);

	/** A type in a descriptor or signature: {@code Lorg/example/Type;} or {@code Lorg/example/Type<}. */
	private static final Pattern TYPE = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[A-Za-z_$][\\w$]*)+)[;<]");

	@Test
	void theHelpersSourcesImportOnlyTheJdk() throws IOException {
		List<String> imports = new ArrayList<>();
		try (Stream<Path> sources = Files.list(SOURCES)) {
			for (Path source : sources.filter((file) -> file.toString().endsWith(".java")).toList()) {
				Files.readAllLines(source)
					.stream()
					.map(String::strip)
					.filter((line) -> line.startsWith("import "))
					.forEach((line) -> imports.add(source.getFileName() + ": " + line));
			}
		}
		assertThat(imports).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).containsPattern(": import (static )?java\\."));
	}

	@Test
	void theHelpersClassesReferToNothingButTheJdkAndEachOther() throws Exception {
		URL main = getClass().getClassLoader().getResource(PACKAGE + "/SpawnHelper.class");
		assumeTrue(main != null && "file".equals(main.getProtocol()), "the Java 22 part is built by a JDK 22+");
		Set<String> referred = new TreeSet<>();
		try (Stream<Path> classes = Files.list(folder(main))) {
			for (Path file : classes.filter((file) -> file.toString().endsWith(".class")).toList()) {
				referred.addAll(typesReferredTo(Files.readAllBytes(file)));
			}
		}
		assertThat(referred).contains("java/lang/foreign/Linker", PACKAGE + "/Posix")
			.allMatch((type) -> type.startsWith("java/") || type.startsWith(PACKAGE + "/"));
	}

	private static Path folder(URL classFile) throws URISyntaxException {
		return Path.of(classFile.toURI()).getParent();
	}

	/**
	 * Every type a class file names in its constant pool: the classes it uses, and the
	 * types in its descriptors, signatures and annotations. The texts of string literals
	 * are left out.
	 */
	private static Set<String> typesReferredTo(byte[] classFile) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
		assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
		in.readUnsignedShort();
		in.readUnsignedShort();
		int count = in.readUnsignedShort();
		String[] texts = new String[count];
		List<Integer> classes = new ArrayList<>();
		Set<Integer> literals = new HashSet<>();
		for (int index = 1; index < count; index++) {
			int tag = in.readUnsignedByte();
			switch (tag) {
				case 1 -> texts[index] = in.readUTF();
				case 7 -> classes.add(in.readUnsignedShort());
				case 8 -> literals.add(in.readUnsignedShort());
				case 16, 19, 20 -> in.readUnsignedShort();
				case 15 -> in.skipBytes(3);
				case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
				case 5, 6 -> {
					in.skipBytes(8);
					index++;
				}
				default -> throw new IOException("Unknown constant pool tag " + tag);
			}
		}
		Set<String> types = new TreeSet<>();
		for (int index : classes) {
			String name = texts[index];
			Matcher array = TYPE.matcher(name);
			if (name.startsWith("[")) {
				array.results().forEach((type) -> types.add(type.group(1)));
			}
			else {
				types.add(name);
			}
		}
		for (int index = 1; index < count; index++) {
			if (texts[index] != null && !literals.contains(index)) {
				TYPE.matcher(texts[index]).results().forEach((type) -> types.add(type.group(1)));
			}
		}
		return types;
	}

}
