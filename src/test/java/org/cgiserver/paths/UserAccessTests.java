package org.cgiserver.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What keeps another user from a folder or a program, read from permission bits.
 */
class UserAccessTests {

	/** A user and group that own nothing here. */
	private static final UserAccess STRANGER = new UserAccess(54321, 54321);

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@Test
	void anOpenFolderCanBeRead() {
		assertThat(STRANGER.folder(site.folder("open/scripts"))).isNull();
	}

	@Test
	void aPrivateParentBlocksTheFolderBelow() throws IOException {
		Path scripts = site.folder("private/scripts");
		Path parent = scripts.getParent();
		Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
		UserAccess.Blocked blocked = STRANGER.folder(scripts);
		assertThat(blocked).isNotNull();
		assertThat(blocked.path()).isEqualTo(parent);
		assertThat(blocked.missing()).contains("search");
	}

	@Test
	void anUnreadableFolderIsBlocked() throws IOException {
		Path folder = site.folder("unreadable");
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
		UserAccess.Blocked blocked = STRANGER.folder(folder);
		assertThat(blocked).isNotNull();
		assertThat(blocked.path()).isEqualTo(folder);
		assertThat(blocked.missing()).contains("read");
	}

	@Test
	void aProgramNeedsTheExecuteBitForOthers() {
		Path program = site.file("bin/tool", new byte[0], "rwxr--r--");
		assertThat(STRANGER.program(program)).isNotNull().extracting(UserAccess.Blocked::path).isEqualTo(program);
		assertThat(STRANGER.program(site.script("bin/open", "#!/bin/sh\n"))).isNull();
	}

	@Test
	void theGroupAndOwnerBitsApplyToTheirUsers() throws IOException {
		Path program = site.file("bin/group-tool", new byte[0], "rwxr-x---");
		int owner = (Integer) Files.getAttribute(program, "unix:uid");
		int group = (Integer) Files.getAttribute(program, "unix:gid");
		assertThat(new UserAccess(54321, group).program(program)).isNull();
		assertThat(new UserAccess(owner, 54321).program(program)).isNull();
	}

}
