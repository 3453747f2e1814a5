package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user the server runs as.
 *
 * @param name the user name
 * @param root whether it is root
 */
public record ServerUser(String name, boolean root) {

	/**
	 * Looks at the running server.
	 * @return its user
	 */
	public static ServerUser current() {
		String name = System.getProperty("user.name", "");
		try {
			Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
			return new ServerUser(name, Integer.valueOf(0).equals(uid));
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return new ServerUser(name, "root".equals(name));
		}
	}

}
