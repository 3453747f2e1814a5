package org.cgiserver.support;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/**
 * An address of this host that is not loopback: a client connecting to it is, for the
 * server, a client from the network.
 */
public final class HostAddress {

	private HostAddress() {
	}

	public static Optional<InetAddress> nonLoopback() {
		try {
			return NetworkInterface.networkInterfaces()
				.filter(HostAddress::isUp)
				.flatMap(NetworkInterface::inetAddresses)
				.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress()
						&& !address.isLinkLocalAddress())
				.findFirst();
		}
		catch (SocketException ex) {
			return Optional.empty();
		}
	}

	private static boolean isUp(NetworkInterface network) {
		try {
			return network.isUp() && !network.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
