package org.partnerportal.gateway.docs;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The API documents the gateway serves: the merged OpenAPI document and the services' AsyncAPI documents. */
@ConfigMapping(prefix = "pp.gateway.docs")
public interface DocsConfig {

    /** How long a merged document is reused before the services are asked again. */
    @WithDefault("30S")
    Duration cacheTtl();

    /** How long a merged document that misses a service is reused (shorter: the service may be back soon). */
    @WithDefault("5S")
    Duration partialCacheTtl();

    /** How long to wait for a service's {@code /q/openapi}. */
    @WithDefault("3S")
    Duration fetchTimeout();

    @WithDefault("Partner Portal API")
    String title();

    @WithDefault("1.0.0")
    String version();
}
