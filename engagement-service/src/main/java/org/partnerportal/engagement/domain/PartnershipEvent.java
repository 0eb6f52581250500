package org.partnerportal.engagement.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A partnership event (a hackathon, a conference): what partners are linked to. Dates are kept as
 * ISO {@code YYYY-MM-DD} strings, which sort and compare as dates; money in minor units (cents) so
 * that sums in the database are exact.
 */
@MongoEntity(collection = "events")
public class PartnershipEvent {

    @BsonId
    public String id;
    public String name;
    public int year;
    public String outreachStartDate;
    public String startDate;
    public String endDate;
    /** Null when the event has no goal. */
    public Long sponsorshipGoalCents;
    public List<TierConfig> tierConfigs = new ArrayList<>();
    public String notes;
    /** Seed 002's optional bridge to the main events system (both set, or neither). */
    public String linkedMainEventId;
    public Integer linkedMainEventYear;
    public boolean archived;
    public Instant archivedAt;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;

    public static class TierConfig {
        public String tierKey;
        public String tierLabel;
        public Long defaultAmountCents;

        public TierConfig() {
        }

        public TierConfig(String tierKey, String tierLabel, Long defaultAmountCents) {
            this.tierKey = tierKey;
            this.tierLabel = tierLabel;
            this.defaultAmountCents = defaultAmountCents;
        }
    }

    public TierConfig preset(String tierKey) {
        return tierConfigs.stream().filter(t -> t.tierKey.equals(tierKey)).findFirst().orElse(null);
    }
}
