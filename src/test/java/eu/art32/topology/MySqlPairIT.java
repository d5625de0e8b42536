package eu.art32.topology;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.config.NodeConfig;
import eu.art32.config.Secret;
import eu.art32.config.Site;
import eu.art32.config.TlsMode;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** MySQL 8.4 flavor detection and variable reading; runs where Docker exists, skips elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class MySqlPairIT {
  @Container
  static final MySQLContainer<?> MYSQL =
      new MySQLContainer<>("mysql:8.4")
          .withCommand("--gtid-mode=ON", "--enforce-gtid-consistency=ON", "--server-id=1");

  @Test
  void readsAMySqlNodeWithMySqlVocabulary() {
    NodeConfig node =
        new NodeConfig(
            MYSQL.getHost(),
            MYSQL.getFirstMappedPort(),
            "root",
            new Secret(MYSQL.getPassword(), "test"),
            TlsMode.PREFERRED,
            null,
            Site.UNDECLARED);

    NodeSnapshot snapshot =
        new TopologyProbe(NodeConnector.defaults()).snapshot("mysql", Role.PRIMARY, node);

    assertThat(snapshot.dialect()).isInstanceOf(MySqlDialect.class);
    assertThat(snapshot.variable("gtid_mode")).contains("ON");
    assertThat(snapshot.replicates()).isFalse();
  }
}
