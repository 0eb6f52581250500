package org.partnerportal.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.partnerportal.systemtests.ChaosClient.Reply;
import org.partnerportal.systemtests.ChaosClient.Step;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * One partner taken through the whole journey by the {@link ChaosClient}, the same calls as
 * {@link AccessFlowIT} and {@link PartnerJourneyIT}: the request for access, the partner record,
 * the approval, the proposal and its link, three section views, the NDA, the portal link from
 * its e-mail, a meeting, and the deal closed as won. The partner's own calls come from its own
 * address ({@code X-Forwarded-For}, believed from the test's loopback address), so each one has
 * its own per-IP budget at the gateway, as real partners would.
 */
final class ChaosJourney {

    static final List<String> SECTIONS = List.of("hero", "terms", "metrics");
    private static final Pattern PORTAL_LINK = Pattern.compile("/portal/(p2\\.[A-Za-z0-9._-]+)");
    private static final Duration MAIL_WAIT = Duration.ofMinutes(3);
    /** After a lost answer: long enough for a mail that was sent, short enough to send again soon. */
    private static final Duration LOST_MAIL_WAIT = Duration.ofSeconds(60);

    final int n;
    final String name;
    final String requester;
    final String contact;
    final String actionTitle;
    private final String ip;
    private final ChaosClient client;

    String requestId;
    String partnerId;
    private String token;
    private String portal;

    ChaosJourney(int n, String tag, ChaosLedger ledger) {
        this.n = n;
        this.name = String.format("Chaos %s P%04d", tag, n);
        this.requester = String.format("req-%s-%d@chaos.example", tag, n);
        this.contact = String.format("contact-%s-%d@chaos.example", tag, n);
        this.actionTitle = "Send the logo files of " + name;
        this.ip = "10.77." + (n / 250) + "." + (n % 250 + 1);
        this.client = new ChaosClient(ledger, n);
    }

    void run() {
        register();
        createPartner();
        approve();
        writeProposal();
        invite();
        readProposal();
        signNda();
        openPortal();
        meet();
        close();
    }

    private static RequestSpecification admin() {
        return ChaosClient.gateway().auth().oauth2(Keycloak.token("admin")).contentType(ContentType.JSON);
    }

    private RequestSpecification fromPartner() {
        return ChaosClient.gateway().header("X-Forwarded-For", ip).contentType(ContentType.JSON);
    }

    private void register() {
        Reply r = client.call(Step.of("register", () -> fromPartner()
                .body(Map.of("name", "Chaos Requester " + n, "email", requester, "company", name,
                        "message", "Taken through the fault-injection run."))
                .post("/api/partner/register")).conflictProvesIt());
        requestId = r.ok() ? r.json().getString("id") : ChaosClient.read(() -> pendingRequestOf(requester));
    }

    /** The id of the requester's pending request (after a lost answer and a 409 on the repeat). */
    private static String pendingRequestOf(String email) {
        for (int page = 0;; page++) {
            JsonPath list = admin().queryParam("status", "pending").queryParam("size", 200).queryParam("page", page)
                    .get("/api/access-requests").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = list.getList("items");
            Optional<Object> id = items.stream().filter(i -> email.equals(i.get("email"))).map(i -> i.get("id")).findFirst();
            if (id.isPresent()) {
                return (String) id.get();
            }
            if (items.isEmpty()) {
                throw new IllegalStateException("No pending request of " + email);
            }
        }
    }

    private void createPartner() {
        Reply r = client.call(Step.of("create-partner", () -> admin()
                .body(Map.of("name", name, "description", "A partner of the fault-injection run.", "industry", "Energy",
                        "tier", "gold", "contacts", List.of(Map.of("name", "Chaos Contact " + n, "email", contact,
                                "role", "Head of partnerships", "isPrimary", true))))
                .post("/api/partners")).conflictProvesIt());
        partnerId = r.ok() ? r.json().getString("id")
                : ChaosClient.read(() -> admin().queryParam("q", name).get("/api/partners").then().statusCode(200)
                        .extract().jsonPath().getString("items[0].id"));
    }

    private void approve() {
        client.call(Step.of("approve", () -> admin()
                .body(Map.of("partnerId", partnerId, "notes", "Approved during the fault-injection run."))
                .post("/api/access-requests/" + requestId + "/approve")).conflictProvesIt());
    }

    private void writeProposal() {
        Map<String, Object> content = Map.of("sections", Map.of("hero", "# Partner with us, " + name, "terms",
                "Three years, renewable.", "metrics", "12,000 participants", "next_steps", "Sign the NDA."));
        // 404 until nda-service has projected the new partner
        client.call(Step.of("proposal", () -> admin().body(content).put("/api/partners/" + partnerId + "/proposal"))
                .notYet(404).repeatable());
    }

    private int proposalTokens() {
        return admin().get("/api/partners/" + partnerId + "/proposal-tokens").then().statusCode(200).extract()
                .jsonPath().getInt("total");
    }

    private void invite() {
        int before = ChaosClient.read(this::proposalTokens);
        client.call(Step.of("invitation", () -> admin()
                .body(Map.of("recipient", contact, "contactName", "Chaos Contact " + n))
                .post("/api/partners/" + partnerId + "/invitation"))
                .probe(() -> Optional.of(proposalTokens() > before)));
        // the link itself: a token issued to the admin, who could send it any way (harmless to repeat)
        token = client.call(Step.of("proposal-token", () -> admin().post("/api/partners/" + partnerId + "/proposal-token"))
                .repeatable()).json().getString("token");
    }

    private void readProposal() {
        client.call(Step.of("proposal-unlock", () -> fromPartner().queryParam("token", token)
                .get("/api/proposals/" + partnerId)).repeatable());
        for (String section : SECTIONS) {
            // a view is counted each time: never repeated after a lost answer, it stays UNKNOWN
            client.call(Step.of("proposal-view", () -> fromPartner().header("X-Link-Token", token)
                    .body(Map.of("section", section, "seconds", 12)).post("/api/proposals/" + partnerId + "/views")));
        }
    }

    private int ndas() {
        return admin().get("/api/partners/" + partnerId + "/ndas").then().statusCode(200).extract().jsonPath()
                .getInt("total");
    }

    private void signNda() {
        JsonPath template = client.call(Step.of("nda-template", () -> fromPartner().queryParam("lang", "en")
                .get("/api/nda/template")).repeatable()).json();
        int before = ChaosClient.read(this::ndas);
        client.call(Step.of("nda", () -> fromPartner().header("X-Link-Token", token)
                .header("User-Agent", "ChaosIT/1.0")
                .body(Map.of("contactName", "Chaos Contact " + n, "contactEmail", contact,
                        "contactTitle", "Head of partnerships", "signature", "Chaos Contact " + n,
                        "templateVersion", template.getString("version"), "textSha256", template.getString("sha256")))
                .post("/api/proposals/" + partnerId + "/nda"))
                .probe(() -> Optional.of(ndas() > before)));
    }

    private Optional<String> portalLink() {
        return Mailbox.of(contact).stream().map(m -> PORTAL_LINK.matcher(m.text() + " " + m.html()))
                .filter(Matcher::find).map(m -> m.group(1)).findFirst();
    }

    /**
     * Nothing but the e-mail shows that the portal link was sent, and a lost answer cannot be
     * probed: the request may or may not have taken effect ({@code UNKNOWN} in the ledger, so the
     * books allow one more e-mail). When no e-mail comes after it, the admin sends the link again,
     * as a real one would.
     */
    private void openPortal() {
        for (int sent = 1; portal == null; sent++) {
            Reply r = client.call(Step.of("portal-access", () -> admin().body(Map.of("recipient", contact))
                    .post("/api/partners/" + partnerId + "/portal-access")));
            Optional<String> link = portalLinkWithin(r.ok() ? MAIL_WAIT : LOST_MAIL_WAIT);
            if (link.isEmpty() && (r.ok() || sent == 3)) {
                throw new IllegalStateException(name + ": no portal e-mail after " + sent + " requests, the last answered "
                        + r.status());
            }
            portal = link.orElse(null);
        }
        client.call(Step.of("portal-open", () -> fromPartner().get("/api/portal/" + portal)).repeatable());
    }

    private Optional<String> portalLinkWithin(Duration wait) {
        try {
            return await().atMost(wait).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(this::portalLink, Optional::isPresent);
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
    }

    private boolean hasActionItem() {
        List<String> titles = admin().queryParam("size", 200).get("/api/partners/" + partnerId + "/actions")
                .then().statusCode(200).extract().jsonPath().getList("items.title");
        return titles.contains(actionTitle);
    }

    private void meet() {
        client.call(Step.of("meeting", () -> admin().body(Map.of("title", "Kick-off with " + name,
                "startsAt", "2030-03-01T09:00:00Z", "attendees", List.of(Map.of("name", "Chaos Contact " + n, "email", contact)),
                "agenda", List.of("Goals", "Budget"), "actionItems", List.of(Map.of("title", actionTitle))))
                .post("/api/partners/" + partnerId + "/meetings"))
                .notYet(404).probe(() -> Optional.of(hasActionItem())));
    }

    private void close() {
        client.call(Step.of("close", () -> admin().body(Map.of("outcome", "won", "reason", "Signed during the chaos run."))
                .post("/api/partners/" + partnerId + "/close")).conflictProvesIt());
    }
}
