package org.cgiserver.security;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTests {

	private static final AccessRule HEALTH = rule("/actuator/health/**", Set.of(), Set.of());

	private static final AccessRule ACTUATOR = rule("/actuator/**", Set.of(), Set.of("ops"));

	private static final AccessRule ADMIN_WRITES = rule("/admin/**", Set.of("GET", "POST"), Set.of("alice"));

	private final AccessRules rules = new AccessRules(List.of(HEALTH, ACTUATOR, ADMIN_WRITES));

	@Test
	void theFirstRuleThatCoversAPathDecides() {
		assertThat(this.rules.decide("GET", "/actuator/health/liveness")).isSameAs(HEALTH);
		assertThat(this.rules.decide("GET", "/actuator/health")).isSameAs(HEALTH);
		assertThat(this.rules.decide("GET", "/actuator/cgi")).isSameAs(ACTUATOR);
	}

	@Test
	void aPathNoRuleCoversIsPublic() {
		assertThat(this.rules.decide("GET", "/index.html")).isNull();
		assertThat(this.rules.decide("GET", "/administration")).isNull();
		assertThat(new AccessRules(List.of()).decide("GET", "/admin/x")).isNull();
	}

	@Test
	void aRuleWithMethodsCoversOnlyThoseAndHeadWithGet() {
		assertThat(this.rules.decide("POST", "/admin/users")).isSameAs(ADMIN_WRITES);
		assertThat(this.rules.decide("HEAD", "/admin/users")).isSameAs(ADMIN_WRITES);
		assertThat(this.rules.decide("DELETE", "/admin/users")).isNull();
	}

	@Test
	void pathsAreMatchedAsTheContainerDecodedThem() {
		// Tomcat has decoded %2e and ;params away: what is left is taken literally.
		assertThat(this.rules.decide("GET", "/admin/a%41b")).isSameAs(ADMIN_WRITES);
		assertThat(this.rules.decide("GET", "/admin/x;y")).isSameAs(ADMIN_WRITES);
	}

	@Test
	void usersAndAddresses() {
		AccessRule team = rule("/git/**", Set.of(), Set.of("*"));
		assertThat(team.needsLogin()).isTrue();
		assertThat(team.admitsUser("anyone")).isTrue();
		assertThat(ADMIN_WRITES.admitsUser("alice")).isTrue();
		assertThat(ADMIN_WRITES.admitsUser("bob")).isFalse();
		assertThat(HEALTH.needsLogin()).isFalse();
		assertThat(HEALTH.admitsAddress(from("192.0.2.1", "example.org"))).isTrue();
		AccessRule office = new AccessRule(PathPatternParser.defaultInstance.parse("/office/**"), Set.of(), Set.of(),
				new ClientAddresses(List.of(new IpAddressMatcher("10.0.0.0/8"), new IpAddressMatcher("::1")), false));
		assertThat(office.admitsAddress(from("10.1.2.3", "example.org"))).isTrue();
		assertThat(office.admitsAddress(from("0:0:0:0:0:0:0:1", "example.org"))).isTrue();
		assertThat(office.admitsAddress(from("192.0.2.1", "example.org"))).isFalse();
	}

	@Test
	void theServersOwnPagesWantALocalNameFromLoopbackClients() {
		ClientAddresses operators = ClientAddresses.operators(List.of(new IpAddressMatcher("10.0.0.0/8")));
		for (String host : List.of("localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]",
				"::1", "[0:0:0:0:0:0:0:1]")) {
			assertThat(operators.admit(from("127.0.0.1", host))).as(host).isTrue();
		}
		assertThat(operators.admit(from("0:0:0:0:0:0:0:1", "localhost"))).isTrue();
		for (String host : List.of("example.org", "attacker.example", "localhost.example.org", "127.0.0.1.nip.io")) {
			assertThat(operators.admit(from("127.0.0.1", host))).as(host).isFalse();
		}
		assertThat(operators.admit(from("10.1.2.3", "cgiserver.internal"))).as("a listed network, any name").isTrue();
		assertThat(operators.admit(from("192.0.2.1", "localhost"))).isFalse();
	}

	private static MockHttpServletRequest from(String address, String host) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setRemoteAddr(address);
		request.addHeader("Host", host);
		return request;
	}

	private static AccessRule rule(String path, Set<String> methods, Set<String> users) {
		return new AccessRule(PathPatternParser.defaultInstance.parse(path), methods, users, ClientAddresses.any());
	}

}
