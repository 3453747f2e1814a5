package org.cgiserver.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on loopback whose connections wait, while it is closed, until it opens:
 * lets a test see what a server does before a peer's connection gets through.
 */
public final class TcpGate implements AutoCloseable {

	private final ServerSocket listener;

	private final AtomicInteger connections = new AtomicInteger();

	private volatile int target;

	private volatile CountDownLatch open = new CountDownLatch(1);

	/**
	 * @param port the port to listen on
	 * @throws IOException if it cannot listen
	 */
	public TcpGate(int port) throws IOException {
		this.listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-gate-" + port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** Where connections go once the gate is open. */
	public void forwardTo(int port) {
		this.target = port;
	}

	/** Lets waiting and new connections through. */
	public void open() {
		this.open.countDown();
	}

	/** Makes new connections wait again. */
	public void shut() {
		if (this.open.getCount() == 0) {
			this.open = new CountDownLatch(1);
		}
	}

	/** The connections accepted so far. */
	public int connections() {
		return this.connections.get();
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				this.connections.incrementAndGet();
				CountDownLatch latch = this.open;
				Thread forwarder = new Thread(() -> forward(client, latch), "tcp-gate-connection");
				forwarder.setDaemon(true);
				forwarder.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void forward(Socket client, CountDownLatch latch) {
		try (client; Socket server = new Socket()) {
			latch.await();
			server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target), 10_000);
			Thread back = new Thread(() -> pump(server, client), "tcp-gate-back");
			back.setDaemon(true);
			back.start();
			pump(client, server);
			back.join();
		}
		catch (IOException ex) {
			// a side went away: nothing to forward any more
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pump(Socket from, Socket to) {
		try {
			// Closing a socket's stream would close the socket: only the direction ends.
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			in.transferTo(out);
			to.shutdownOutput();
		}
		catch (IOException ex) {
			// the other side closed
		}
	}

	@Override
	public void close() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		open();
	}

}
