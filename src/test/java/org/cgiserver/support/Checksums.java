package org.cgiserver.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checksums as the programs under test print them (PHP's {@code md5_file}), to compare an
 * upload with what a script received.
 */
public final class Checksums {

	private Checksums() {
	}

	/**
	 * The MD5 of some bytes, in lower-case hex.
	 * @param bytes the bytes
	 * @return the checksum
	 */
	public static String md5(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
