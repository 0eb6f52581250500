package org.partnerportal.partner.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.partnerportal.partner.service.ReportService.TierReport;
import org.partnerportal.partner.service.ReportService.TierRow;

/** The CSV's cells survive what RFC 4180 must quote: commas, quotes and line breaks in a label. */
class TierReportCsvTest {

    @Test
    void awkwardLabelsRoundTripAndLinesEndInCrlf() throws Exception {
        TierRow gold = new TierRow("gold", "Gold, \"the\" best\r\nline", 1, 3, 2, 1, Map.of("active", 2L), 4, 5,
                new BigDecimal("1200.50"), Map.of(), 2);
        TierRow totals = new TierRow("all", "All tiers", 99, 3, 2, 1, Map.of(), 4, 5, new BigDecimal("1200.50"),
                Map.of(), 2);
        String csv = ReportResource.csv(new TierReport(Instant.EPOCH, List.of(gold), totals));

        assertTrue(csv.endsWith("\r\n"), "every record ends in CRLF");
        assertTrue(csv.contains("\"Gold, \"\"the\"\" best\r\nline\""), "quoted, its quotes doubled: " + csv);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertEquals(2, records.size());
        assertEquals("Gold, \"the\" best\r\nline", records.get(0).get("label"));
        assertEquals("2", records.get(0).get("stage_active"));
        assertEquals("1200.50", records.get(0).get("total_contribution"));
        assertEquals("2", records.get(0).get("not_archived"));
        assertEquals("All tiers", records.get(1).get("label"));
    }
}
