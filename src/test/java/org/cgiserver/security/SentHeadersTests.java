package org.cgiserver.security;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request sent, and how the operators' addresses judge a loopback client by it.
 */
class SentHeadersTests {

	private final ClientAddresses operators = ClientAddresses.operators(List.of());

	@Test
	void theHostNameIsTheHostHeaderWithoutItsPort() {
		assertThat(new SentHeaders("LocalHost:8081", false).hostName()).isEqualTo("localhost");
		assertThat(new SentHeaders("[::1]:8081", false).hostName()).isEqualTo("[::1]");
		assertThat(new SentHeaders("[::1]", false).hostName()).isEqualTo("[::1]");
		assertThat(new SentHeaders("::1", false).hostName()).isEqualTo("::1");
		assertThat(new SentHeaders("127.0.0.1", false).hostName()).isEqualTo("127.0.0.1");
		assertThat(new SentHeaders(null, false).hostName()).isEmpty();
	}

	@Test
	void anyHeaderThatProxiesAddMarksTheRequestForwarded() {
		for (String header : List.of("Forwarded", "X-Forwarded-For", "x-forwarded-host", "X-Forwarded-Proto",
				"X-Forwarded-Port", "X-Forwarded-Server", "X-Real-IP", "Via")) {
			assertThat(SentHeaders.read(request("localhost", header)).forwarded()).as(header).isTrue();
		}
		assertThat(SentHeaders.read(request("localhost", "X-Requested-With")).forwarded()).isFalse();
	}

	@Test
	void whatWasKeptWhenTheRequestCameInWinsOverWhatItReadsNow() {
		MockHttpServletRequest request = request("localhost");
		new SentHeaders("localhost", true).keep(request);
		assertThat(SentHeaders.of(request).forwarded()).isTrue();
	}

	@Test
	void withoutAKeptCopyTheContainersRequestIsReadBeneathItsWrappers() {
		MockHttpServletRequest sent = request("localhost", "X-Forwarded-Host");
		HttpServletRequest hiding = new HttpServletRequestWrapper(sent) {

			@Override
			public String getHeader(String name) {
				return name.startsWith("X-Forwarded-") ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				return Collections.enumeration(List.of("Host"));
			}

		};
		assertThat(SentHeaders.of(hiding).forwarded()).isTrue();
	}

	@Test
	void aLoopbackClientIsTheOperatorOnlyWithALocalNameItSentAndNoProxysHeader() {
		assertThat(this.operators.admit(request("localhost:8081"))).isTrue();
		assertThat(this.operators.admit(request("[::1]:8081"))).isTrue();
		MockHttpServletRequest rewritten = request("evil.example");
		rewritten.setServerName("localhost");
		assertThat(this.operators.admit(rewritten)).as("a server name taken from X-Forwarded-Host").isFalse();
		assertThat(this.operators.admit(request("localhost", "X-Forwarded-Proto"))).isFalse();
		assertThat(this.operators.admit(request(null))).as("no Host header").isFalse();
		MockHttpServletRequest kept = request("localhost");
		new SentHeaders("localhost", true).keep(kept);
		assertThat(this.operators.admit(kept)).as("a forwarded header Tomcat took off").isFalse();
	}

	private static MockHttpServletRequest request(String host, String... headers) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/cgi");
		request.setRemoteAddr("127.0.0.1");
		if (host != null) {
			request.addHeader("Host", host);
		}
		for (String header : headers) {
			request.addHeader(header, "127.0.0.1");
		}
		return request;
	}

}
