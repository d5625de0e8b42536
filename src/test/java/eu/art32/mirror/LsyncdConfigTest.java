package eu.art32.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LsyncdConfigTest {
  @Test
  void readsSettingsAndSyncsInTheFormsPeopleWrite() {
    String lua =
        """
        -- lsyncd for the shop uploads
        settings {
          logfile = "/var/log/lsyncd/lsyncd.log",
          statusFile = '/var/log/lsyncd/lsyncd.status',
          statusInterval = 10,
        }
        --[[ a block
             comment ]]
        sync {
          default.rsyncssh,
          source = "/srv/uploads",
          host = "backup@db2.example.no",
          targetdir = "/srv/uploads",
          exclude = { 'cache/', "*.tmp" },
          delay = 5,
          delete = 'running';
          rsync = { archive = true, compress = true, _extra = { "--bwlimit=20000" } },
        }
        sync { default.rsync, source = [[/srv/media]], target = "/mnt/mirror/media" }
        """;
    LsyncdConfig config = LuaReader.read(lua);

    assertThat(config.settings())
        .containsEntry("statusInterval", 10L)
        .containsEntry("statusFile", "/var/log/lsyncd/lsyncd.status");
    assertThat(config.syncs()).hasSize(2);
    LsyncdConfig.Sync ssh = config.syncs().get(0);
    assertThat(ssh.line()).isEqualTo(9);
    assertThat(ssh.layer()).isEqualTo("default.rsyncssh");
    assertThat(ssh.target()).isEqualTo("backup@db2.example.no:/srv/uploads");
    assertThat(ssh.excludes()).containsExactly("cache/", "*.tmp");
    assertThat(ssh.fields()).containsEntry("delete", "running").containsEntry("delay", 5L);
    assertThat(ssh.rsync()).containsEntry("archive", true);
    assertThat(ssh.extra()).containsExactly("--bwlimit=20000");
    assertThat(config.syncs().get(1).source()).isEqualTo("/srv/media");
    assertThat(config.unsupported()).isEmpty();
  }

  @Test
  void unsupportedConstructsAreNamedWithTheirLineNeverGuessed() {
    String lua =
        """
        local base = "/srv"
        settings = { logfile = "/tmp/l.log" }
        sync { default.rsync, source = base .. "/uploads", target = "/mnt/m" }
        """;
    LsyncdConfig config = LuaReader.read(lua);

    assertThat(config.unsupported())
        .anyMatch(u -> u.startsWith("line 1: local"))
        .anyMatch(u -> u.startsWith("line 3: variable or function 'base'"));
    assertThat(config.settings()).containsEntry("logfile", "/tmp/l.log");
    assertThat(config.syncs().get(0).target()).isEqualTo("/mnt/m");
  }

  @Test
  void excludesMatchLikeRsync() {
    Excludes e = new Excludes(List.of("cache/", "/tmp/", "*.tmp", "logs/**/old"));
    assertThat(e.excluded("cache", true)).isTrue();
    assertThat(e.excluded("a/cache", true)).isTrue();
    assertThat(e.excluded("cache", false)).as("cache/ matches directories only").isFalse();
    assertThat(e.excluded("tmp", true)).isTrue();
    assertThat(e.excluded("x/tmp", true)).as("/tmp/ is anchored").isFalse();
    assertThat(e.excluded("x/y.tmp", false)).isTrue();
    assertThat(e.excluded("logs/a/b/old", false)).isTrue();
    assertThat(e.excluded("x.txt", false)).isFalse();
  }
}
