package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for tests: certificates made with {@code openssl}, clients that accept any
 * certificate (what is checked is which one is served), and the chain a server serves.
 */
public final class TestTls {

	private TestTls() {
	}

	/**
	 * A self-signed certificate, as {@code openssl} writes it.
	 * @param name its common name
	 * @param certificate the PEM file to write the certificate to
	 * @param key the PEM file to write the key to
	 * @param subjectAltName the names, such as {@code IP:127.0.0.1,DNS:localhost}
	 */
	public static void selfSigned(String name, Path certificate, Path key, String subjectAltName) {
		try {
			Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
					"-subj", "/CN=" + name, "-addext", "subjectAltName=" + subjectAltName, "-keyout", key.toString(),
					"-out", certificate.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(openssl.getInputStream().readAllBytes());
			if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
				throw new IllegalStateException("openssl failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A new client, so a new connection and handshake, that accepts any certificate.
	 * @return the client
	 */
	public static HttpClient trustingClient() {
		return HttpClient.newBuilder().sslContext(trustingContext()).connectTimeout(Duration.ofSeconds(10)).build();
	}

	/**
	 * The chain a server presents in a new handshake.
	 * @param port the server's port on loopback
	 * @param serverName the name sent by SNI
	 * @return the chain, the server's certificate first
	 */
	public static List<X509Certificate> servedChain(int port, String serverName) {
		try (SSLSocket socket = (SSLSocket) trustingContext().getSocketFactory().createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
			socket.setSoTimeout(10_000);
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName(serverName)));
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			return List.of((X509Certificate[]) socket.getSession().getPeerCertificates());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static SSLContext trustingContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new X509ExtendedTrustManager[] { new TrustEverything() }, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class TrustEverything extends X509ExtendedTrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

	}

}
