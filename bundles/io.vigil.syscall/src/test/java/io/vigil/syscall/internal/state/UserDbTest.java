package io.vigil.syscall.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDbTest {

    @Test
    void hostDatabasesAgreeWithGetent() throws Exception {
        UserDb db = UserDb.host();
        String[] root = getent("passwd", "0").split(":");
        assertEquals(root[0], db.user(0).name());
        assertEquals(root[5], db.user(0).homedir());
        assertEquals(root[6], db.user(0).shell());
        String[] nobody = getent("passwd", "nobody").split(":");
        assertEquals("nobody", db.user(Long.parseLong(nobody[2])).name());
        String[] rootGroup = getent("group", "0").split(":");
        assertEquals(rootGroup[0], db.group(0).name());
        assertNull(db.user(4_000_000_000L));
    }

    private static String getent(String db, String key) throws Exception {
        Process p = new ProcessBuilder("getent", db, key).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return out.split("\n")[0];
    }

    @Test
    void changedFilesAreReRead(@TempDir Path dir) throws IOException {
        Path passwd = dir.resolve("passwd");
        Path group = dir.resolve("group");
        Files.writeString(passwd, "# comment\nroot:x:0:0:root:/root:/bin/bash\nbroken line\nalice:x:1000:1000::/home/alice:/bin/zsh\n");
        Files.writeString(group, "root:x:0:\nstaff:x:50:alice\n");
        UserDb db = new UserDb(passwd, group, 0);
        assertEquals("alice", db.user(1000).name());
        assertEquals("/bin/zsh", db.user(1000).shell());
        assertEquals("staff", db.group(50).name());
        assertNull(db.user(1001));

        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/sh\n");
        Files.setLastModifiedTime(passwd, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertNotNull(db.user(1001), "the new user is seen after the file changed");
        assertNull(db.user(1000));
    }
}
