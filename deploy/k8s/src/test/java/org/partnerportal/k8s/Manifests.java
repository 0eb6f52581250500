package org.partnerportal.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders an overlay with {@code kubectl kustomize} and parses every object with the fabric8 model:
 * typed classes for Kubernetes' own kinds (unknown fields are an error), {@link GenericKubernetesResource}
 * for the operators' custom resources. Also reads the services' Quarkus configuration from the repository.
 */
final class Manifests {

  static final Path REPO = Path.of(System.getProperty("pp.repo.dir", "../..")).toAbsolutePath().normalize();
  static final Path K8S = Path.of(System.getProperty("pp.k8s.dir", ".")).toAbsolutePath().normalize();
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

  private Manifests() {
  }

  /** Every object of the overlay, rendered once per test JVM. */
  static List<HasMetadata> render(String overlay) {
    return RENDERED.computeIfAbsent(overlay, Manifests::renderNow);
  }

  private static List<HasMetadata> renderNow(String overlay) {
    Path dir = K8S.resolve("overlays").resolve(overlay);
    String yaml = run(kubectl().toString(), "kustomize", dir.toString());
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      Object parsed = SERIALIZATION.unmarshal(doc);
      if (!(parsed instanceof HasMetadata object)) {
        throw new AssertionError("not a Kubernetes object in overlay " + overlay + ":\n" + doc);
      }
      if (!(object instanceof GenericKubernetesResource)) {
        List<String> unknown = new ArrayList<>();
        unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown,
            new IdentityHashMap<>());
        assertEquals(List.of(), unknown, "fields the Kubernetes model does not know (typos?) in " + overlay);
      }
      objects.add(object);
    }
    assertFalse(objects.isEmpty(), "overlay " + overlay + " rendered nothing");
    return objects;
  }

  /** kubectl is part of these machines; a missing one is a failure, never a skip. */
  static Path kubectl() {
    String explicit = System.getenv("KUBECTL");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "kubectl"));
      }
    }
    candidates.add(Path.of("/usr/bin/kubectl"));
    candidates.add(Path.of("/usr/local/bin/kubectl"));
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail("kubectl not found on the PATH, in /usr/bin or /usr/local/bin (or set KUBECTL): "
        + "the manifests cannot be rendered. Install kubectl (v1.27+, it carries kustomize).");
  }

  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      process.getOutputStream().close();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
      errReader.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(process.getInputStream(), out);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 60 s");
      }
      errReader.join();
      if (process.exitValue() != 0) {
        fail(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
            + err.toString(StandardCharsets.UTF_8));
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Walks a typed model object; anything in an additionalProperties map is a field the model does not define. */
  private static void unknownFields(Object node, String where, List<String> unknown, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, where + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownFields(e.getValue(), where + "." + e.getKey(), unknown, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(node);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(where + ": " + extra.keySet());
        }
        continue;
      }
      String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      unknownFields(value, where + "." + field, unknown, seen);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generic access to custom resources

  static List<GenericKubernetesResource> custom(List<HasMetadata> objects, String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).map(o -> (GenericKubernetesResource) o).toList();
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> typed(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(o -> (T) o).toList();
  }

  /** A value inside a generic resource: keys of maps, or numbers for list indices. */
  static Object at(Object root, Object... path) {
    Object node = root instanceof GenericKubernetesResource r ? r.getAdditionalProperties() : root;
    for (Object step : path) {
      if (node instanceof Map<?, ?> map) {
        node = map.get(step);
      } else if (node instanceof List<?> list && step instanceof Integer i) {
        node = i < list.size() ? list.get(i) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

  // ---------------------------------------------------------------------------------------------
  // The services' Quarkus configuration

  /** A Quarkus application of this repository: module folder and its application.properties. */
  record QuarkusApp(String module, Properties properties) {

    String name() {
      return properties.getProperty("quarkus.application.name");
    }

    int port() {
      return Integer.parseInt(resolve(properties.getProperty("quarkus.http.port")));
    }

    /**
     * Where its Prometheus endpoint listens: the management port when the management interface is
     * on (the gateway, whose main port is public), else the HTTP port.
     */
    int metricsPort() {
      return "true".equals(property("quarkus.management.enabled"))
          ? Integer.parseInt(property("quarkus.management.port")) : port();
    }

    String image() {
      String group = resolve(properties.getProperty("quarkus.container-image.group", "partner-portal"));
      String name = resolve(properties.getProperty("quarkus.container-image.name", name()));
      return group + "/" + name;
    }

    String property(String key) {
      String value = properties.getProperty(key);
      return value == null ? null : resolve(value);
    }

    /** Channel property (without profile) values whose key ends with the suffix. */
    Map<String, String> channels(String direction, String suffix) {
      Map<String, String> found = new TreeMap<>();
      Pattern key = Pattern.compile("mp\\.messaging\\." + direction + "\\.([^.]+)\\." + Pattern.quote(suffix));
      for (String name : properties.stringPropertyNames()) {
        Matcher m = key.matcher(name);
        if (m.matches()) {
          found.put(m.group(1), resolve(properties.getProperty(name)));
        }
      }
      return found;
    }

    Set<String> produces() {
      return Set.copyOf(channels("outgoing", "topic").values());
    }

    Set<String> consumes() {
      return Set.copyOf(channels("incoming", "topic").values());
    }

    Set<String> deadLetterTopics() {
      return Set.copyOf(channels("incoming", "dead-letter-queue.topic").values());
    }

    Set<String> consumerGroups() {
      return Set.copyOf(channels("incoming", "group.id").values());
    }
  }

  /** {@code ${ENV:default}} as Quarkus resolves it without that variable: the default. */
  static String resolve(String value) {
    Matcher m = Pattern.compile("\\$\\{[^:}]+:([^}]*)}").matcher(value);
    return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
  }

  /** Every Quarkus application in the repository (a top-level module with an HTTP port). */
  static Map<String, QuarkusApp> quarkusApps() {
    Map<String, QuarkusApp> apps = new LinkedHashMap<>();
    try (Stream<Path> modules = Files.list(REPO)) {
      for (Path module : modules.sorted().toList()) {
        Path file = module.resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
          continue;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
          p.load(r);
        }
        if (p.getProperty("quarkus.http.port") != null) {
          QuarkusApp app = new QuarkusApp(module.getFileName().toString(), p);
          apps.put(app.name(), app);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertFalse(apps.isEmpty(), "no Quarkus application found under " + REPO);
    return apps;
  }
}
