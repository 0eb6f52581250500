package org.partnerportal.engagement.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.partnerportal.engagement.domain.ActionItem;
import org.partnerportal.engagement.domain.EventRollup.Figures;
import org.partnerportal.engagement.domain.LinkStatuses;
import org.partnerportal.engagement.domain.Money;
import org.partnerportal.engagement.domain.PartnershipEvent;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.DashboardRepository;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.RollupRepository;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The seed's {@code dashboardReport}: partners active vs archived, revenue against goal per event,
 * the pipeline by link status, the follow-up queue and the open action items. The link figures
 * come from the event rollups maintained on every link write ({@link org.partnerportal.engagement.domain.EventRollup}):
 * one small document per live event, folded here, whatever the number of links. Archived events
 * and removed links are left out. "Today" is the clock's date in the business time zone; "this
 * week" runs from tomorrow to the Sunday of the current ISO week; follow-ups are counted by date,
 * so the buckets follow the clock without any rewrite.
 */
@ApplicationScoped
public class DashboardService {

    public static final int QUEUE_SIZE = 20;

    private final DashboardRepository dashboard;
    private final RollupRepository rollups;
    private final EventRepository events;
    private final ActionRepository actions;
    private final FollowUpService followUps;
    private final Clock clock;

    DashboardService(DashboardRepository dashboard, RollupRepository rollups, EventRepository events,
            ActionRepository actions, FollowUpService followUps, Clock clock) {
        this.dashboard = dashboard;
        this.rollups = rollups;
        this.events = events;
        this.actions = actions;
        this.followUps = followUps;
        this.clock = clock;
    }

    public record Partners(long active, long archived, long total) {
    }

    public record EventRevenue(String eventId, String name, int year, BigDecimal goal, BigDecimal committed,
            BigDecimal paid, Double goalProgress, long links) {
    }

    public record StatusRow(String status, String label, long count, BigDecimal amount) {
    }

    public record Totals(BigDecimal goal, BigDecimal committed, BigDecimal paid, long links) {
    }

    public record FollowUps(long overdue, long dueToday, long dueThisWeek, List<DashboardRepository.FollowUp> next) {
    }

    public record ActionRow(String id, String partnerId, String title, String assignee, String dueDate,
            boolean overdue, String meetingId) {
    }

    public record Actions(long open, long overdue, List<ActionRow> queue) {
    }

    /** {@code communicationFollowUps}: follow-up dates of communications (see {@link FollowUpService}), beside the links'. */
    public record Dashboard(LocalDate today, LocalDate weekEnd, Partners partners, Totals totals,
            List<EventRevenue> events, List<StatusRow> pipeline, FollowUps followUps, Actions actions,
            FollowUpService.CommunicationFollowUps communicationFollowUps) {
    }

    public Uni<Dashboard> compute() {
        LocalDate today = LocalDate.now(clock);
        LocalDate weekEnd = today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        String t = today.toString();
        String w = weekEnd.toString();
        return events.all().chain(all -> {
            List<PartnershipEvent> live = all.stream().filter(e -> !e.archived).toList();
            List<String> liveIds = live.stream().map(e -> e.id).toList();
            Uni<List<Figures>> figures = rollups.figures(liveIds).memoize().indefinitely();
            Uni<List<DashboardRepository.FollowUp>> next = figures.chain(f -> nextFollowUps(f, liveIds, w));
            Uni<DashboardRepository.PartnerCounts> partners = dashboard.partnerCounts();
            Uni<Actions> queue = actionQueue(t);
            Uni<FollowUpService.CommunicationFollowUps> communications = followUps.dueBy(today, weekEnd);
            return Uni.combine().all().unis(figures, next, partners, queue, communications).asTuple()
                    .map(r -> assemble(today, weekEnd, live, r.getItem1(), r.getItem2(), r.getItem3(), r.getItem4(),
                            r.getItem5()));
        });
    }

    /**
     * The {@link #QUEUE_SIZE} open links due first, up to {@code weekEnd}, by date and link id. The
     * rollups' counts tell which dates hold them (the oldest dates, until {@link #QUEUE_SIZE} links
     * are reached); only those dates' member lists are read, and then those links by id.
     */
    private Uni<List<DashboardRepository.FollowUp>> nextFollowUps(List<Figures> figures, List<String> liveIds,
            String weekEnd) {
        TreeMap<String, Long> due = new TreeMap<>();
        for (Figures f : figures) {
            f.followUps().forEach((date, n) -> {
                if (n > 0 && date.compareTo(weekEnd) <= 0) {
                    due.merge(date, n, Long::sum);
                }
            });
        }
        List<String> dates = new ArrayList<>();
        long covered = 0;
        for (Map.Entry<String, Long> d : due.entrySet()) {
            if (covered >= QUEUE_SIZE) {
                break;
            }
            dates.add(d.getKey());
            covered += d.getValue();
        }
        if (dates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return rollups.dueLinks(liveIds, dates).chain(links -> dashboard.followUps(links.stream()
                .sorted(Comparator.comparing(RollupRepository.DueLink::date).thenComparing(RollupRepository.DueLink::linkId))
                .limit(QUEUE_SIZE).map(RollupRepository.DueLink::linkId).toList()));
    }

    private Uni<Actions> actionQueue(String today) {
        Uni<List<ActionItem>> dated = actions.find("status = :s and dueDate > :empty",
                Sort.ascending("dueDate").and("createdAt"), Parameters.with("s", ActionItem.OPEN).and("empty", ""))
                .page(Page.ofSize(QUEUE_SIZE)).list();
        Uni<List<ActionItem>> undated = actions.find("status = :s and dueDate is null", Sort.ascending("createdAt"),
                Parameters.with("s", ActionItem.OPEN)).page(Page.ofSize(QUEUE_SIZE)).list();
        return Uni.combine().all().unis(dashboard.openActions(), dashboard.overdueActions(today), dated, undated)
                .asTuple().map(r -> {
                    List<ActionRow> queue = new ArrayList<>();
                    for (ActionItem a : r.getItem3()) {
                        queue.add(row(a, today));
                    }
                    for (ActionItem a : r.getItem4()) {
                        if (queue.size() < QUEUE_SIZE) {
                            queue.add(row(a, today));
                        }
                    }
                    return new Actions(r.getItem1(), r.getItem2(), queue);
                });
    }

    private static ActionRow row(ActionItem a, String today) {
        return new ActionRow(a.id, a.partnerId, a.title, a.assignee, a.dueDate,
                a.dueDate != null && a.dueDate.compareTo(today) < 0, a.meetingId);
    }

    private static Dashboard assemble(LocalDate today, LocalDate weekEnd, List<PartnershipEvent> live,
            List<Figures> figures, List<DashboardRepository.FollowUp> next, DashboardRepository.PartnerCounts partners,
            Actions actions, FollowUpService.CommunicationFollowUps communicationFollowUps) {
        Map<String, long[]> perEvent = new HashMap<>(); // committed, paid, links
        Map<String, long[]> perStatus = new LinkedHashMap<>(); // count, amount
        Map<String, String> labels = new HashMap<>(LinkStatuses.CANONICAL);
        LinkStatuses.CANONICAL.keySet().forEach(k -> perStatus.put(k, new long[2]));
        long overdue = 0;
        long dueToday = 0;
        long dueThisWeek = 0;
        String t = today.toString();
        String w = weekEnd.toString();
        for (Figures f : figures) {
            long[] e = perEvent.computeIfAbsent(f.eventId(), k -> new long[3]);
            f.statuses().forEach((status, g) -> {
                if (g.count() == 0) {
                    return; // every link has left this status
                }
                if (LinkStatuses.COMMITTED_STATUSES.contains(status)) {
                    e[0] += g.amountCents();
                }
                if (LinkStatuses.PAID.equals(status)) {
                    e[1] += g.amountCents();
                }
                e[2] += g.count();
                long[] s = perStatus.computeIfAbsent(status, k -> new long[2]);
                if (g.label() != null) {
                    labels.putIfAbsent(status, g.label());
                }
                s[0] += g.count();
                s[1] += g.amountCents();
            });
            for (Map.Entry<String, Long> due : f.followUps().entrySet()) {
                int c = due.getKey().compareTo(t);
                if (c < 0) {
                    overdue += due.getValue();
                } else if (c == 0) {
                    dueToday += due.getValue();
                } else if (due.getKey().compareTo(w) <= 0) {
                    dueThisWeek += due.getValue();
                }
            }
        }
        List<EventRevenue> eventRows = new ArrayList<>();
        long goal = 0;
        long committed = 0;
        long paid = 0;
        long links = 0;
        for (PartnershipEvent e : live) {
            long[] v = perEvent.getOrDefault(e.id, new long[3]);
            Double progress = e.sponsorshipGoalCents == null || e.sponsorshipGoalCents == 0 ? null
                    : Math.round(v[0] * 10000.0 / e.sponsorshipGoalCents) / 10000.0;
            eventRows.add(new EventRevenue(e.id, e.name, e.year, Money.of(e.sponsorshipGoalCents), Money.of(v[0]),
                    Money.of(v[1]), progress, v[2]));
            goal += e.sponsorshipGoalCents == null ? 0 : e.sponsorshipGoalCents;
            committed += v[0];
            paid += v[1];
            links += v[2];
        }
        List<StatusRow> pipeline = new ArrayList<>();
        perStatus.forEach((k, v) -> pipeline.add(new StatusRow(k, labels.getOrDefault(k, LinkStatuses.labelOf(k)), v[0],
                Money.of(v[1]))));
        // canonical statuses in pipeline order, then custom ones by size
        List<StatusRow> custom = new ArrayList<>(pipeline.subList(LinkStatuses.CANONICAL.size(), pipeline.size()));
        custom.sort(Comparator.comparingLong(StatusRow::count).reversed().thenComparing(StatusRow::status));
        List<StatusRow> ordered = new ArrayList<>(pipeline.subList(0, LinkStatuses.CANONICAL.size()));
        ordered.addAll(custom);
        return new Dashboard(today, weekEnd,
                new Partners(partners.active(), partners.archived(), partners.active() + partners.archived()),
                new Totals(Money.of(goal), Money.of(committed), Money.of(paid), links), eventRows, ordered,
                new FollowUps(overdue, dueToday, dueThisWeek, next), actions, communicationFollowUps);
    }
}
