package eu.art32.report;

import eu.art32.evidence.RunEvidence;

/** The fixture run of ReportWriterTest, with a chosen run id, for tests in other packages. */
public final class ReportWriterFixture {
  private ReportWriterFixture() {}

  public static RunEvidence run(String pair, String runId) {
    RunEvidence r = ReportWriterTest.fixture(pair, null);
    return new RunEvidence(
        r.schema(),
        r.tool(),
        r.toolVersion(),
        r.rulesVersion(),
        runId,
        r.command(),
        r.operator(),
        r.startedAt(),
        r.endedAt(),
        r.configFile(),
        r.configDigest(),
        r.areas(),
        r.pairs(),
        r.waivers());
  }
}
