package org.partnerportal.partner.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.partnerportal.partner.domain.EngagementLevel;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.service.ReportService;
import org.partnerportal.partner.service.ReportService.TierReport;
import org.partnerportal.partner.service.ReportService.TierRow;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
public class ReportResource {

    static final String CSV = "text/csv";

    private final ReportService reports;

    ReportResource(ReportService reports) {
        this.reports = reports;
    }

    @GET
    @Path("/pipeline")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ReportService.Pipeline> pipeline() {
        return reports.pipeline();
    }

    @GET
    @Path("/reports/tiers")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<TierReport> tierReport() {
        return reports.tierReport();
    }

    /** The same report as CSV (RFC 4180), one row per tier and a last row for all tiers. */
    @GET
    @Path("/reports/tiers")
    @Produces(CSV)
    public Uni<Response> tierReportCsv() {
        return reports.tierReport().map(r -> Response.ok(csv(r), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"tier-report.csv\"").build());
    }

    /** The CSV at an address of its own: what a plain download link (the console's button) asks for. */
    @GET
    @Path("/reports/tiers.csv")
    @Produces(CSV)
    public Uni<Response> tierReportCsvFile() {
        return tierReportCsv();
    }

    /** RFC 4180 as commons-csv writes it: CRLF, a cell quoted when it holds a comma, a quote or a line break. */
    static String csv(TierReport report) {
        List<String> stages = Stream.of(Stage.values()).map(Stage::key).toList();
        List<String> levels = Stream.of(EngagementLevel.values()).map(EngagementLevel::key).toList();
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            // "not_archived", never "active": the stage active has its own column (stage_active)
            printer.printRecord(Stream.of(List.of("tier", "label", "partners", "not_archived", "archived"),
                    stages.stream().map(s -> "stage_" + s).toList(),
                    List.of("events_participated", "prizes_offered", "total_contribution"),
                    levels.stream().map(l -> "engagement_" + l).toList()).flatMap(List::stream));
            for (TierRow row : Stream.concat(report.tiers().stream(), Stream.of(report.totals())).toList()) {
                printer.printRecord(Stream.of(List.of(row.tier(), row.label(), String.valueOf(row.partners()),
                        String.valueOf(row.active()), String.valueOf(row.archived())),
                        stages.stream().map(s -> String.valueOf(row.byStage().getOrDefault(s, 0L))).toList(),
                        List.of(String.valueOf(row.eventsParticipated()), String.valueOf(row.prizesOffered()),
                                row.totalContribution().toPlainString()),
                        levels.stream().map(l -> String.valueOf(row.engagementLevels().getOrDefault(l, 0L))).toList())
                        .flatMap(List::stream));
            }
        } catch (IOException e) {
            // a StringBuilder never throws; the printer's signature does
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
