package org.partnerportal.engagement.health;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Down until the start-up reconciliation has built the missing event rollups and applied the links
 * left pending: before that the dashboard could leave links out.
 */
@Readiness
@ApplicationScoped
public class RollupReadiness implements HealthCheck {

    private final AtomicBoolean reconciled = new AtomicBoolean();

    public void markReconciled() {
        reconciled.set(true);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dashboard-rollup").status(reconciled.get()).build();
    }
}
