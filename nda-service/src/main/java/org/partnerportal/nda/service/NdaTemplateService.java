package org.partnerportal.nda.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.NdaTemplate;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The NDA texts, read once from the versioned resources {@code nda/<version>/nda.<lang>.md}. A
 * version folder is never edited once published: a new text is a new version, so every stored
 * signature keeps pointing at the exact text it hashed.
 */
@ApplicationScoped
public class NdaTemplateService {

    private final String currentVersion;
    private final Map<String, NdaTemplate> current = new HashMap<>();

    NdaTemplateService(NdaConfig config) {
        this.currentVersion = config.template().currentVersion();
        for (String lang : config.template().languages()) {
            current.put(lang, load(currentVersion, lang).orElseThrow(() -> new IllegalStateException(
                    "The NDA text nda/" + currentVersion + "/nda." + lang + ".md is missing")));
        }
    }

    public String currentVersion() {
        return currentVersion;
    }

    public Optional<NdaTemplate> current(String lang) {
        return Optional.ofNullable(current.get(lang));
    }

    /** A text of any published version, e.g. to re-check a signature's hash. */
    public Optional<NdaTemplate> version(String version, String lang) {
        if (!version.matches("[0-9A-Za-z._-]{1,40}") || !lang.matches("[a-z]{2}")) {
            return Optional.empty();
        }
        return version.equals(currentVersion) ? current(lang) : load(version, lang);
    }

    private static Optional<NdaTemplate> load(String version, String lang) {
        String path = "nda/" + version + "/nda." + lang + ".md";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(NdaTemplate.of(lang, version, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path, e);
        }
    }
}
