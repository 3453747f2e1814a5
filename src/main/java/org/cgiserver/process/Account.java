package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A user account from {@code /etc/passwd}.
 */
record Account(String name, int uid, int gid) {

	static Optional<Account> lookup(String name) {
		try {
			for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
				String[] fields = line.split(":");
				if (fields.length >= 4 && fields[0].equals(name)) {
					return Optional.of(new Account(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

}
