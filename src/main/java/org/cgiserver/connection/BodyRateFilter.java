package org.cgiserver.connection;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Measures how a request body arrives, for the {@link SlowClientWatchdog}: the time the
 * application spends waiting in reads, and the bytes they return. The measure is left in
 * a request attribute, where the watchdog finds it through the connection.
 */
final class BodyRateFilter implements Filter {

	/** The request attribute holding the {@link BodyProgress}. */
	static final String ATTRIBUTE = BodyProgress.class.getName();

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && hasBody(http) && request.getAttribute(ATTRIBUTE) == null) {
			BodyProgress progress = new BodyProgress();
			request.setAttribute(ATTRIBUTE, progress);
			chain.doFilter(new MeteredRequest(http, progress), response);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static final class MeteredRequest extends HttpServletRequestWrapper {

		private final BodyProgress progress;

		private @Nullable MeteredInputStream stream;

		MeteredRequest(HttpServletRequest request, BodyProgress progress) {
			super(request);
			this.progress = progress;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream input = super.getInputStream();
			if (this.stream == null || this.stream.input != input) {
				this.stream = new MeteredInputStream(input, this.progress);
			}
			return this.stream;
		}

	}

	private static final class MeteredInputStream extends ServletInputStream {

		private final ServletInputStream input;

		private final BodyProgress progress;

		MeteredInputStream(ServletInputStream input, BodyProgress progress) {
			this.input = input;
			this.progress = progress;
		}

		@Override
		public int read() throws IOException {
			this.progress.readStarted(System.nanoTime());
			int read = -1;
			try {
				read = this.input.read();
				return read;
			}
			finally {
				this.progress.readEnded(System.nanoTime(), (read >= 0) ? 1 : 0);
			}
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			this.progress.readStarted(System.nanoTime());
			int read = -1;
			try {
				read = this.input.read(bytes, offset, length);
				return read;
			}
			finally {
				this.progress.readEnded(System.nanoTime(), read);
			}
		}

		@Override
		public int available() throws IOException {
			return this.input.available();
		}

		@Override
		public void close() throws IOException {
			this.input.close();
		}

		@Override
		public boolean isFinished() {
			return this.input.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.input.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.input.setReadListener(listener);
		}

	}

}
