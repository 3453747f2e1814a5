package org.cgiserver.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files under {@code cgi.tls.acme.storage}: the account key, and the certificate
 * with its key. Keys are written with mode 0600, every file by a rename so that a crash
 * never leaves half a file.
 */
final class AcmeStorage {

	private static final Logger logger = LoggerFactory.getLogger(AcmeStorage.class);

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

	private final Path accountKey;

	private final Path certificateKey;

	private final Path certificateChain;

	private final Path certificateDirectory;

	AcmeStorage(Path folder) {
		this.accountKey = folder.resolve("account-key.pem");
		this.certificateKey = folder.resolve("certificate-key.pem");
		this.certificateChain = folder.resolve("certificate-chain.pem");
		this.certificateDirectory = folder.resolve("certificate-ca.txt");
	}

	/**
	 * The account's key, made and kept on first use.
	 * @return the key pair
	 * @throws IOException if it cannot be read or written
	 */
	KeyPair accountKey() throws IOException {
		KeyPair key = readKey(this.accountKey);
		if (key == null) {
			key = KeyPairUtils.createECKeyPair("secp384r1");
			writeKey(this.accountKey, key);
		}
		return key;
	}

	/**
	 * The certificate kept by an earlier run, if its files are whole and belong
	 * together.
	 * @return the certificate, or {@code null}
	 */
	@Nullable ServedCertificate certificate() {
		try {
			KeyPair key = readKey(this.certificateKey);
			if (key == null || !Files.exists(this.certificateChain)) {
				return null;
			}
			List<X509Certificate> chain = new ArrayList<>();
			try (InputStream in = Files.newInputStream(this.certificateChain)) {
				for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
					chain.add((X509Certificate) certificate);
				}
			}
			if (chain.isEmpty() || !chain.get(0).getPublicKey().equals(key.getPublic())) {
				logger.warn("The stored certificate in {} does not match its key; a new one will be ordered",
						this.certificateChain);
				return null;
			}
			return new ServedCertificate(key, chain, false);
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			logger.warn("The stored certificate in {} cannot be read ({}); a new one will be ordered",
					this.certificateChain, ex.getMessage());
			return null;
		}
	}

	/**
	 * The ACME directory of the CA that issued the stored certificate.
	 * @return the directory, or {@code null} when unknown
	 */
	@Nullable URI certificateDirectory() {
		try {
			return URI.create(Files.readString(this.certificateDirectory, StandardCharsets.US_ASCII).trim());
		}
		catch (IOException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Keeps a certificate, its key and its CA's directory.
	 * @param certificate the certificate and its key
	 * @param directory the ACME directory of the CA that issued it
	 * @throws IOException if a file cannot be written
	 */
	void store(ServedCertificate certificate, URI directory) throws IOException {
		writeKey(this.certificateKey, certificate.key());
		StringWriter pem = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
			for (X509Certificate each : certificate.chain()) {
				writer.writeObject(each);
			}
		}
		write(this.certificateChain, pem.toString(), "rw-r--r--");
		write(this.certificateDirectory, directory + "\n", "rw-r--r--");
	}

	private static @Nullable KeyPair readKey(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
			keepPrivate(file);
			return KeyPairUtils.readKeyPair(reader);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/** A key that someone made readable to others is made private again, and said so. */
	private static void keepPrivate(Path key) throws IOException {
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
		if (!PRIVATE.containsAll(permissions)) {
			logger.warn("{} was readable by others ({}); made private (0600)", key,
					PosixFilePermissions.toString(permissions));
			Files.setPosixFilePermissions(key, PRIVATE);
		}
	}

	private static void writeKey(Path file, KeyPair key) throws IOException {
		StringWriter pem = new StringWriter();
		KeyPairUtils.writeKeyPair(key, pem);
		write(file, pem.toString(), "rw-------");
	}

	private static void write(Path file, String content, String permissions) throws IOException {
		Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".new",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
		try {
			try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
				writer.write(content);
			}
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
