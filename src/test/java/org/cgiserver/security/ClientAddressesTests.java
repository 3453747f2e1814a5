package org.cgiserver.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTests {

	private final ClientAddresses operators = ClientAddresses.operators(List.of(new IpAddressMatcher("10.0.0.0/8")));

	@Test
	void anyAdmitsEveryClientWhateverItAsksFor() {
		assertThat(ClientAddresses.any().admit(request("203.0.113.9", "evil.example"))).isTrue();
		assertThat(ClientAddresses.any().admit(request("127.0.0.1", "evil.example"))).isTrue();
	}

	@Test
	void rangesAdmitTheirAddressesOnly() {
		ClientAddresses addresses = new ClientAddresses(
				List.of(new IpAddressMatcher("192.0.2.0/24"), new IpAddressMatcher("2001:db8::/32")), false);
		assertThat(addresses.admit(request("192.0.2.200", "example.org"))).isTrue();
		assertThat(addresses.admit(request("2001:db8::7", "example.org"))).isTrue();
		assertThat(addresses.admit(request("192.0.3.1", "example.org"))).isFalse();
		assertThat(addresses.admit(request("127.0.0.1", "localhost"))).isFalse();
	}

	@Test
	void loopbackWithoutTheLocalNameRuleAdmitsAnyName() {
		ClientAddresses addresses = new ClientAddresses(List.of(new IpAddressMatcher("127.0.0.0/8")), false);
		assertThat(addresses.admit(request("127.0.0.1", "evil.example"))).isTrue();
	}

	@ParameterizedTest(name = "{0} asking for {1}: {2}")
	@CsvSource(textBlock = """
			127.0.0.1,   localhost,         true
			127.0.0.1,   LocalHost,         true
			127.0.0.1,   localhost.,        true
			127.0.0.1,   status.localhost,  true
			127.0.0.1,   127.0.0.1,         true
			127.8.9.10,  127.0.0.1,         true
			::1,         [::1],             true
			::1,         ::1,               true
			0:0:0:0:0:0:0:1, [0:0:0:0:0:0:0:1], true
			127.0.0.1,   evil.example,      false
			127.0.0.1,   localhost.evil.example, false
			127.0.0.1,   notlocalhost,      false
			127.0.0.1,   128.0.0.1,         false
			127.0.0.1,   10.0.0.1,          false
			::1,         evil.example,      false
			10.1.2.3,    evil.example,      true
			10.1.2.3,    localhost,         true
			192.0.2.1,   localhost,         false
			""")
	void theServersOwnPagesWantALocalNameFromLoopbackClients(String address, String host, boolean admitted) {
		assertThat(this.operators.admit(request(address, host))).isEqualTo(admitted);
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			X-Forwarded-For,   203.0.113.9
			X-Forwarded-Host,  localhost
			X-Forwarded-Proto, https
			Forwarded,         for=203.0.113.9
			X-Real-IP,         203.0.113.9
			Via,               1.1 proxy
			""")
	void aLoopbackClientThatCameThroughAProxyIsNoLocalOperator(String header, String value) {
		MockHttpServletRequest request = request("127.0.0.1", "localhost");
		request.addHeader(header, value);
		assertThat(this.operators.admit(request)).isFalse();
	}

	@Test
	void theHostTheClientSentDecidesNotTheServerNameAForwardedHeaderGave() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/cgi");
		request.setRemoteAddr("127.0.0.1");
		request.setServerName("localhost");
		request.addHeader("Host", "evil.example");
		assertThat(this.operators.admit(request)).isFalse();
	}

	@Test
	void operatorsAreLoopbackAndTheGivenRanges() {
		assertThat(ClientAddresses.operators(List.of()).admit(request("10.1.2.3", "cgi.example"))).isFalse();
		assertThat(ClientAddresses.operators(List.of()).admit(request("127.0.0.1", "localhost"))).isTrue();
	}

	private static MockHttpServletRequest request(String address, String host) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/cgi");
		request.setRemoteAddr(address);
		request.setServerName(host);
		request.addHeader("Host", host);
		return request;
	}

}
