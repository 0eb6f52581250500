package org.partnerportal.engagement.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.partnerportal.engagement.domain.ActionItem;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Meetings, action items and decisions. */
public final class ActivityDtos {

    private ActivityDtos() {
    }

    public record ActionInput(
            @NotBlank @Size(max = 300) String title,
            @Size(max = 200) String assignee,
            LocalDate dueDate) {
    }

    public record AttendeeInput(@Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email) {
    }

    public record MeetingInput(
            @NotBlank @Size(max = 300) String title,
            @NotNull Instant startsAt,
            @Size(max = 50) List<@Valid @NotNull AttendeeInput> attendees,
            @Size(max = 50) List<@NotBlank @Size(max = 500) String> agenda,
            @Size(max = 50) List<@Valid @NotNull ActionInput> actionItems,
            @Size(max = 5000) String notes) {
    }

    public record DecisionInput(
            @NotBlank @Size(max = 300) String title,
            @Size(max = 5000) String rationale,
            Instant decidedAt) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ActionView(String id, String partnerId, String title, String assignee, String dueDate, String status,
            String meetingId, String createdBy, Instant createdAt, Instant updatedAt, String completedBy,
            String completedVia, Instant completedAt, long version) {

        public static ActionView of(ActionItem a) {
            return new ActionView(a.id, a.partnerId, a.title, a.assignee, a.dueDate, a.status, a.meetingId, a.createdBy,
                    a.createdAt, a.updatedAt, a.completedBy, a.completedVia, a.completedAt, a.version);
        }
    }
}
