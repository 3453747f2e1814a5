package org.cgiserver.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.cgiserver.paths.ServedPath;
import org.cgiserver.paths.ServedPaths;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.mock.web.MockHttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTests {

	private static final AccessRule HEALTH = rule("/actuator/health/**", Set.of(), Set.of());

	private static final AccessRule ACTUATOR = rule("/actuator/**", Set.of(), Set.of("ops"));

	private static final AccessRule ADMIN_WRITES = rule("/admin/**", Set.of("GET", "POST"), Set.of("alice"));

	private static final AccessRule APP_PUBLIC = rule("/cgi-bin/app.sh/public/**", Set.of(), Set.of());

	private static final AccessRule APP = rule("/cgi-bin/app.sh", Set.of(), Set.of("alice"));

	private static final AccessRule PRIVATE = rule("/private/**", Set.of(), Set.of("alice"));

	private static final AccessRule OFFICE = new AccessRule(PathPatternParser.defaultInstance.parse("/office/**"),
			Set.of(), Set.of(), new ClientAddresses(List.of(new IpAddressMatcher("10.0.0.0/8")), false));

	private final AccessRules rules = new AccessRules(List.of(HEALTH, ACTUATOR, ADMIN_WRITES));

	private final AccessRules scripts = new AccessRules(List.of(APP_PUBLIC, APP, PRIVATE, OFFICE));

	@Test
	void theFirstRuleThatCoversAPathDecides() {
		assertThat(decide(this.rules, "GET", "/actuator/health/liveness")).isSameAs(HEALTH);
		assertThat(decide(this.rules, "GET", "/actuator/health")).isSameAs(HEALTH);
		assertThat(decide(this.rules, "GET", "/actuator/cgi")).isSameAs(ACTUATOR);
	}

	@Test
	void aPathNoRuleCoversIsPublic() {
		assertThat(decide(this.rules, "GET", "/index.html")).isNull();
		assertThat(decide(this.rules, "GET", "/administration")).isNull();
		assertThat(decide(new AccessRules(List.of()), "GET", "/admin/x")).isNull();
		assertThat(new AccessRules(List.of()).isEmpty()).isTrue();
		assertThat(this.rules.isEmpty()).isFalse();
	}

	@Test
	void aRuleWithMethodsCoversOnlyThoseAndHeadWithGet() {
		assertThat(decide(this.rules, "POST", "/admin/users")).isSameAs(ADMIN_WRITES);
		assertThat(decide(this.rules, "HEAD", "/admin/users")).isSameAs(ADMIN_WRITES);
		assertThat(decide(this.rules, "DELETE", "/admin/users")).isNull();
		AccessRule head = rule("/h/**", Set.of("HEAD"), Set.of("alice"));
		assertThat(head.covers("GET", path("/h/x"))).as("HEAD does not cover GET").isFalse();
		assertThat(rule("/p/**", Set.of("POST"), Set.of()).covers("HEAD", path("/p/x"))).isFalse();
	}

	@Test
	void methodsMatchWhateverTheirCase() {
		for (String method : List.of("post", "Post", "pOST", "get", "head", "Head")) {
			assertThat(decide(this.rules, method, "/admin/users")).as(method).isSameAs(ADMIN_WRITES);
		}
		assertThat(decide(this.rules, "delete", "/admin/users")).isNull();
	}

	@Test
	void pathsAreMatchedAsTheContainerDecodedThem() {
		// Tomcat has decoded %2e and ;params away: what is left is taken literally.
		assertThat(decide(this.rules, "GET", "/admin/a%41b")).isSameAs(ADMIN_WRITES);
		assertThat(decide(this.rules, "GET", "/admin/x;y")).isSameAs(ADMIN_WRITES);
	}

	@Test
	void aRuleOnAScriptCoversEveryUrlThatRunsIt() {
		assertThat(this.scripts.decide("GET", new ServedPath("/cgi-bin/app.sh/x", "/cgi-bin/app.sh"))).isSameAs(APP);
		assertThat(this.scripts.decide("GET", new ServedPath("/cgi-bin/app.sh/", "/cgi-bin/app.sh"))).isSameAs(APP);
		assertThat(this.scripts.decide("GET", new ServedPath("/cgi-bin/app.sh/x", null))).as("without its script")
			.isNull();
		assertThat(this.scripts.decide("GET", new ServedPath("/cgi-bin/other.sh/x", "/cgi-bin/other.sh"))).isNull();
	}

	@Test
	void anEarlierRuleForAPartOfAScriptStillOpensThatPart() {
		assertThat(this.scripts.decide("GET", new ServedPath("/cgi-bin/app.sh/public/x", "/cgi-bin/app.sh")))
			.isSameAs(APP_PUBLIC);
	}

	@Test
	void everyUrlOfTheServedFileIsDecidedAndEachDecidingRuleMustLetThrough() {
		AccessDecision decision = this.scripts.decide("GET", List.of(new ServedPath("/office/link/a.txt", null),
				new ServedPath("/private/a.txt", null), new ServedPath("/private/b.txt", null)));
		assertThat(decision.rules()).containsExactly(OFFICE, PRIVATE);
		assertThat(decision.isPublic()).isFalse();
		assertThat(decision.needsLogin()).isTrue();
		assertThat(decision.admitsAddress(from("10.1.2.3"))).isTrue();
		assertThat(decision.admitsAddress(from("192.0.2.1"))).isFalse();
		assertThat(decision.admitsUser("alice")).isTrue();
		assertThat(decision.admitsUser("bob")).isFalse();
	}

	@Test
	void aRequestNoRuleCoversIsPublicAndAdmitsNobodyByLogin() {
		AccessDecision decision = this.scripts.decide("GET", List.of(new ServedPath("/index.html", null)));
		assertThat(decision).isSameAs(AccessDecision.PUBLIC);
		assertThat(decision.isPublic()).isTrue();
		assertThat(decision.needsLogin()).isFalse();
		assertThat(decision.admitsAddress(from("192.0.2.1"))).isTrue();
		assertThat(decision.admitsUser("alice")).as("no rule named alice").isFalse();
	}

	@Test
	void aRuleWithoutUsersDoesNotStandInTheWayOfALogin() {
		AccessDecision decision = new AccessDecision(List.of(OFFICE, APP));
		assertThat(decision.admitsUser("alice")).isTrue();
		assertThat(new AccessDecision(List.of(OFFICE)).admitsUser("alice")).isFalse();
		assertThat(new AccessDecision(List.of(OFFICE)).needsLogin()).isFalse();
	}

	@Test
	void aRequestIsJudgedByWhatItServesAskedOncePerPath() {
		List<String> asked = new ArrayList<>();
		ServedPaths served = (path) -> {
			asked.add(path);
			if (path.startsWith("/cgi-bin/app.sh")) {
				return List.of(new ServedPath(path, "/cgi-bin/app.sh"));
			}
			return path.startsWith("/public/") ? List.of(new ServedPath(path, null), new ServedPath("/private/x.txt", null))
					: List.of(new ServedPath(path, null));
		};
		AccessRules withServed = new AccessRules(List.of(APP_PUBLIC, APP, PRIVATE), List.of(ACTUATOR), served);
		MockHttpServletRequest request = request("GET", "/cgi-bin/app.sh/x");
		assertThat(withServed.decide(request).rules()).containsExactly(APP);
		assertThat(withServed.decide(request).needsLogin()).isTrue();
		assertThat(asked).containsExactly("/cgi-bin/app.sh/x");
		// A local redirect forwards the same request to another path.
		request.setServletPath("/public/link/x.txt");
		assertThat(withServed.decide(request).rules()).containsExactly(PRIVATE);
		assertThat(asked).containsExactly("/cgi-bin/app.sh/x", "/public/link/x.txt");
		assertThat(withServed.decide(request("GET", "/actuator/cgi")).rules()).containsExactly(ACTUATOR);
		assertThat(withServed.all()).containsExactly(APP_PUBLIC, APP, PRIVATE, ACTUATOR);
	}

	@Test
	void withoutRulesThatKeepAnyoneOutNothingIsLookedUp() {
		ServedPaths never = (path) -> {
			throw new AssertionError("looked up " + path);
		};
		AccessRules exemptions = new AccessRules(List.of(HEALTH), List.of(ACTUATOR), never);
		assertThat(exemptions.decide(request("GET", "/actuator/cgi")).rules()).containsExactly(ACTUATOR);
		assertThat(exemptions.decide(request("GET", "/actuator/health")).rules()).containsExactly(HEALTH);
		assertThat(new AccessRules(List.of(), List.of(ACTUATOR), never).decide(request("GET", "/x")).isPublic())
			.isTrue();
		assertThat(new AccessRules(List.of()).decide(request("GET", "/x"))).isSameAs(AccessDecision.PUBLIC);
	}

	@Test
	void aRuleWithAnAddressRangeKeepsOthersOutToo() {
		List<String> asked = new ArrayList<>();
		AccessRules office = new AccessRules(List.of(OFFICE), List.of(), (path) -> {
			asked.add(path);
			return List.of(new ServedPath(path, null));
		});
		assertThat(office.decide(request("GET", "/office/a")).rules()).containsExactly(OFFICE);
		assertThat(asked).containsExactly("/office/a");
	}

	@Test
	void usersAndAddresses() {
		AccessRule team = rule("/git/**", Set.of(), Set.of("*"));
		assertThat(team.needsLogin()).isTrue();
		assertThat(team.restricts()).isTrue();
		assertThat(team.admitsUser("anyone")).isTrue();
		assertThat(ADMIN_WRITES.admitsUser("alice")).isTrue();
		assertThat(ADMIN_WRITES.admitsUser("bob")).isFalse();
		assertThat(HEALTH.needsLogin()).isFalse();
		assertThat(HEALTH.restricts()).isFalse();
		assertThat(OFFICE.restricts()).isTrue();
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

	private static AccessRule decide(AccessRules rules, String method, String path) {
		return rules.decide(method, new ServedPath(path, null));
	}

	private static PathContainer path(String path) {
		return PathContainer.parsePath(path);
	}

	private static MockHttpServletRequest request(String method, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setServletPath(path);
		return request;
	}

	private static MockHttpServletRequest from(String address) {
		return from(address, "example.org");
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
