package org.cgiserver.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.cgiserver.paths.FileChecks;

/**
 * The checks that settings of more than one kind share, each written once. A failed
 * check stops the start with an {@link InvalidConfigurationException} naming the
 * property.
 */
public final class Require {

	private static final Pattern URL_PATH = Pattern.compile("(/[A-Za-z0-9._~-]*[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");

	private Require() {
	}

	/**
	 * A time limit that can ever be reached.
	 * @param property the property, for the message
	 * @param value the value
	 * @return the value
	 */
	public static Duration positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationException(property, value, "it must be positive");
		}
		return value;
	}

	/**
	 * A folder the server can list and search.
	 * @param property the property, for the message
	 * @param configured the configured path, relative to the working directory or
	 * absolute
	 * @return its real path
	 */
	public static Path readableFolder(String property, Path configured) {
		Path absolute = configured.toAbsolutePath().normalize();
		FileChecks.Problem problem = FileChecks.folder(absolute);
		if (problem != null) {
			throw new InvalidConfigurationException(property, absolute, problem.explanation());
		}
		try {
			return absolute.toRealPath();
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException(property, absolute, String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * A folder the server can create files in.
	 * @param property the property, for the message
	 * @param configured the configured path
	 * @return its real path
	 */
	public static Path writableFolder(String property, Path configured) {
		Path real = readableFolder(property, configured);
		if (!Files.isWritable(real)) {
			throw new InvalidConfigurationException(property, real, "the server cannot write in the folder");
		}
		return real;
	}

	/**
	 * A program the server can execute.
	 * @param property the property, for the message
	 * @param path the program's absolute path
	 * @return the path
	 */
	public static Path executable(String property, Path path) {
		FileChecks.Problem problem = FileChecks.program(path);
		if (problem != null) {
			throw new InvalidConfigurationException(property, path, problem.explanation());
		}
		return path;
	}

	/**
	 * A fixed URL path of our own, such as a page's: segments of unreserved characters,
	 * no trailing slash, nothing a path pattern would read as a wildcard.
	 * @param property the property, for the message
	 * @param path the value
	 * @return the value
	 */
	public static String urlPath(String property, String path) {
		if (!URL_PATH.matcher(path).matches()) {
			throw new InvalidConfigurationException(property, path,
					"it must be a URL path such as /cgi-status: segments of letters, digits, '-', '.', '_' or '~'");
		}
		return path;
	}

}
