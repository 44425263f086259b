package dev.safestart.activities.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryLedgerTest {
    @TempDir
    Path dir;

    final Instant now = Instant.now();

    @Test
    void survivesReopeningAndKeepsOddIdsIntact() throws Exception {
        DeliveryLedger ledger = DeliveryLedger.openIn(dir.resolve("state"));
        String odd = "startup-bot 1/attempt\t3\nnewline/ünïcödé";
        ledger.record(odd, "111", now);
        ledger.record("b", "222", now);

        DeliveryLedger reopened = DeliveryLedger.openIn(dir.resolve("state"));
        assertThat(reopened.find(odd))
                .hasValueSatisfying(d -> assertThat(d.messageId()).isEqualTo("111"));
        assertThat(reopened.find("b")).isPresent();
        assertThat(reopened.find("c")).isEmpty();
        List<String> lines = Files.readAllLines(reopened.file());
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l.split("\t")).hasSize(3));
    }

    @Test
    void seesWhatAnotherInstanceRecordedOnTheSameFile() throws Exception {
        DeliveryLedger one = DeliveryLedger.openIn(dir);
        DeliveryLedger two = DeliveryLedger.openIn(dir);
        assertThat(two.find("x")).isEmpty();
        one.record("x", "1", now);
        assertThat(two.find("x")).isPresent();
        two.record("y", "2", now);
        assertThat(one.find("y")).isPresent();
        assertThat(one.find("x")).isPresent();
    }

    @Test
    void aTornLastLineFromACrashIsSkippedAndDoesNotSpoilTheNextAppend() throws Exception {
        DeliveryLedger ledger = DeliveryLedger.openIn(dir);
        ledger.record("whole", "1", now);
        Files.writeString(ledger.file(), "torn-id\t12", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        DeliveryLedger reopened = DeliveryLedger.openIn(dir);
        assertThat(reopened.find("whole")).isPresent();
        assertThat(reopened.find("torn-id")).isEmpty();
        reopened.record("after", "3", now);
        assertThat(DeliveryLedger.openIn(dir).find("after"))
                .hasValueSatisfying(d -> assertThat(d.messageId()).isEqualTo("3"));
    }

    @Test
    void staysBoundedByCountAndAge() throws Exception {
        Path file = dir.resolve("ledger");
        DeliveryLedger ledger = DeliveryLedger.open(file, 50, Duration.ofDays(1));
        for (int i = 0; i < 500; i++) {
            ledger.record("id-" + i, String.valueOf(i), now.plusMillis(i));
        }
        assertThat(Files.readAllLines(file).size()).isLessThan(100);
        assertThat(ledger.size()).isLessThanOrEqualTo(100);
        assertThat(ledger.find("id-499")).isPresent(); // the newest always survive
        assertThat(ledger.find("id-0")).isEmpty();

        ledger.record("old", "x", now.minus(Duration.ofDays(3)));
        DeliveryLedger reopened = DeliveryLedger.open(file, 50, Duration.ofDays(1));
        assertThat(reopened.find("old")).isEmpty();
        assertThat(reopened.size()).isEqualTo(50);
        assertThat(Files.readAllLines(file)).hasSize(50);
    }
}
