package org.partnerportal.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.k8s.Manifests.at;
import static org.partnerportal.k8s.Manifests.custom;
import static org.partnerportal.k8s.Manifests.list;
import static org.partnerportal.k8s.Manifests.typed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The deployment's invariants, checked on both overlays as kustomize renders them. */
class K8sManifestsTest {

  static final Map<String, Manifests.QuarkusApp> APPS = Manifests.quarkusApps();
  static final Set<String> PUBLIC_TOPICS = Set.of("partner-events", "engagement-events", "nda-events",
      "notification-events");
  static final String PRIVATE_TOPIC = "notification-requests";
  /** Where Prometheus runs (kube-prometheus-stack's usual namespace). */
  static final String MONITORING = "monitoring";

  // --------------------------------------------------------------------------------------------- workloads

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyQuarkusAppIsDeployedHardenedWithProbesAndLimits(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    List<Deployment> deployments = typed(objects, Deployment.class);
    assertEquals(APPS.keySet(), deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet()),
        "one Deployment per Quarkus application, no other workload");
    assertTrue(objects.stream().noneMatch(o -> Set.of("StatefulSet", "DaemonSet", "Pod", "Job", "CronJob",
        "ReplicaSet").contains(o.getKind())), "the operators run the infrastructure; we deploy only Deployments");

    for (Deployment d : deployments) {
      String name = d.getMetadata().getName();
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name + ": pod runAsNonRoot");
      assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name + ": seccomp");
      assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name + ": no API token in the pod");
      Set<String> emptyDirs = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null).map(Volume::getName)
          .collect(Collectors.toSet());
      assertFalse(pod.getContainers().isEmpty());
      List<Container> all = new ArrayList<>(pod.getContainers());
      all.addAll(Objects.requireNonNullElse(pod.getInitContainers(), List.of()));
      for (Container c : all) {
        String where = name + "/" + c.getName();
        var sc = c.getSecurityContext();
        assertNotNull(sc, where + ": securityContext");
        assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), where + ": runAsNonRoot");
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + ": allowPrivilegeEscalation");
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + ": readOnlyRootFilesystem");
        assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), where + ": not privileged");
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where + ": drops ALL capabilities");
        assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), where);
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")
            && emptyDirs.contains(m.getName())), where + ": writable /tmp is an emptyDir");
        assertTrue(c.getVolumeMounts().stream().filter(m -> !m.getMountPath().equals("/tmp"))
            .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly())), where + ": secret mounts read-only");
        for (String resource : List.of("cpu", "memory")) {
          Quantity request = c.getResources().getRequests().get(resource);
          Quantity limit = c.getResources().getLimits().get(resource);
          assertNotNull(request, where + ": " + resource + " request");
          assertNotNull(limit, where + ": " + resource + " limit");
          assertTrue(limit.getNumericalAmount().compareTo(request.getNumericalAmount()) >= 0,
              where + ": " + resource + " limit >= request");
        }
        if (pod.getContainers().contains(c)) {
          assertProbe(c.getStartupProbe(), "/q/health/started", where + ": startupProbe");
          assertProbe(c.getReadinessProbe(), "/q/health/ready", where + ": readinessProbe");
          assertProbe(c.getLivenessProbe(), "/q/health/live", where + ": livenessProbe");
        }
      }

      Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertTrue(matches(d.getSpec().getSelector(), podLabels), name + ": selector selects its pods");
      assertTrue(typed(objects, HorizontalPodAutoscaler.class).stream().anyMatch(h ->
              h.getSpec().getScaleTargetRef().getKind().equals("Deployment")
                  && h.getSpec().getScaleTargetRef().getName().equals(name)
                  && h.getSpec().getMinReplicas() >= 1 && h.getSpec().getMaxReplicas() >= h.getSpec().getMinReplicas()),
          name + ": a HorizontalPodAutoscaler");
      assertTrue(typed(objects, PodDisruptionBudget.class).stream().anyMatch(p ->
          matches(p.getSpec().getSelector(), podLabels)), name + ": a PodDisruptionBudget");
      for (EnvFromSource from : pod.getContainers().get(0).getEnvFrom()) {
        assertNotNull(from.getConfigMapRef(), name + ": envFrom only ConfigMaps");
        assertTrue(typed(objects, ConfigMap.class).stream()
                .anyMatch(cm -> cm.getMetadata().getName().equals(from.getConfigMapRef().getName())),
            name + ": ConfigMap " + from.getConfigMapRef().getName() + " exists");
      }
      for (EnvVar env : pod.getContainers().get(0).getEnv()) {
        assertTrue(env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
            name + ": env " + env.getName() + " comes from a Secret (plain settings belong in the ConfigMap)");
      }
    }
  }

  private static void assertProbe(Probe probe, String path, String where) {
    assertNotNull(probe, where);
    assertNotNull(probe.getHttpGet(), where + " is an HTTP GET");
    assertEquals(path, probe.getHttpGet().getPath(), where);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void imageNameAndPortMatchTheQuarkusConfiguration(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    for (Manifests.QuarkusApp app : APPS.values()) {
      Deployment d = typed(objects, Deployment.class).stream()
          .filter(x -> x.getMetadata().getName().equals(app.name())).findFirst().orElseThrow();
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      String image = c.getImage();
      String repository = image.replaceFirst("[:@][^/]*$", "");
      assertTrue(repository.equals(app.image()) || repository.endsWith("/" + app.image()),
          app.name() + ": image " + image + " is " + app.image() + " (quarkus.container-image group/name)");
      assertTrue(image.length() > repository.length(), app.name() + ": image has a tag");
      assertFalse(image.endsWith(":latest"), app.name() + ": the overlay pins a tag");

      ContainerPort port = c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
      assertEquals(app.port(), port.getContainerPort(), app.name() + ": container port = quarkus.http.port");
      for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
        Object probePort = probe.getHttpGet().getPort().getIntVal() != null
            ? probe.getHttpGet().getPort().getIntVal() : probe.getHttpGet().getPort().getStrVal();
        assertTrue(probePort.equals("http") || probePort.equals(app.port()), app.name() + ": probe on the HTTP port");
      }
      Service svc = typed(objects, Service.class).stream()
          .filter(s -> s.getMetadata().getName().equals(app.name())).findFirst().orElseThrow();
      assertTrue(matches(svc.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()),
          app.name() + ": Service selects the Deployment's pods");
      ServicePort sp = svc.getSpec().getPorts().get(0);
      assertEquals(app.port(), sp.getPort(), app.name() + ": Service port = quarkus.http.port");
      assertTrue("http".equals(sp.getTargetPort().getStrVal())
          || Integer.valueOf(app.port()).equals(sp.getTargetPort().getIntVal()), app.name() + ": targetPort");
      assertTrue(svc.getSpec().getType() == null || svc.getSpec().getType().equals("ClusterIP"),
          app.name() + ": reachable from outside only through the Ingress");
    }

    // the gateway calls each service where its Service listens
    Map<String, String> gatewayConfig = configMap(objects, "gateway-config");
    for (Manifests.QuarkusApp app : APPS.values()) {
      if (app.name().equals("gateway")) {
        continue;
      }
      String variable = app.name().replace("-service", "").toUpperCase() + "_SERVICE_URL";
      assertEquals("http://" + app.name() + ":" + app.port(), gatewayConfig.get(variable), variable);
      // and each service's database is the one its MongoDB user may write
      Map<String, String> config = configMap(objects, app.name() + "-config");
      assertEquals(app.property("quarkus.mongodb.database"), config.get("MONGODB_DATABASE"), app.name());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyTheGatewayHasAnIngress(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    List<Ingress> ingresses = typed(objects, Ingress.class);
    assertEquals(1, ingresses.size(), "exactly one Ingress");
    Set<String> backends = new HashSet<>();
    Ingress ingress = ingresses.get(0);
    if (ingress.getSpec().getDefaultBackend() != null) {
      backends.add(ingress.getSpec().getDefaultBackend().getService().getName());
    }
    for (IngressRule rule : ingress.getSpec().getRules()) {
      rule.getHttp().getPaths().forEach(p -> backends.add(p.getBackend().getService().getName()));
      assertTrue(ingress.getSpec().getTls().stream().anyMatch(t -> t.getHosts().contains(rule.getHost())),
          "TLS for " + rule.getHost());
    }
    assertEquals(Set.of("gateway"), backends);
    assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("Route") || o.getKind().equals("HTTPRoute")));
    assertTrue(typed(objects, Service.class).stream().allMatch(s -> s.getSpec().getType() == null
        || s.getSpec().getType().equals("ClusterIP")), "no NodePort or LoadBalancer Service");
    for (GenericKubernetesResource kc : custom(objects, "Keycloak")) {
      assertEquals(Boolean.FALSE, at(kc, "spec", "ingress", "enabled"), "the Keycloak operator makes no Ingress");
    }
    for (GenericKubernetesResource kafka : custom(objects, "Kafka")) {
      for (Object listener : list(at(kafka, "spec", "kafka", "listeners"))) {
        assertEquals("internal", at(listener, "type"), "Kafka listeners are cluster-internal");
      }
    }
  }

  // --------------------------------------------------------------------------------------------- Kafka

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyTopicInUseHasAKafkaTopicAndEveryKafkaTopicIsUsed(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    Set<String> used = new TreeSet<>();
    for (Manifests.QuarkusApp app : APPS.values()) {
      used.addAll(app.produces());
      used.addAll(app.consumes());
      used.addAll(app.deadLetterTopics());
    }
    assertTrue(used.containsAll(PUBLIC_TOPICS) && used.contains(PRIVATE_TOPIC), "topics read from the services: " + used);

    Map<String, GenericKubernetesResource> topics = new HashMap<>();
    for (GenericKubernetesResource t : custom(objects, "KafkaTopic")) {
      String name = Objects.requireNonNullElse((String) at(t, "spec", "topicName"), t.getMetadata().getName());
      assertEquals("pp-kafka", t.getMetadata().getLabels().get("strimzi.io/cluster"), name + ": cluster label");
      topics.put(name, t);
    }
    assertEquals(used, new TreeSet<>(topics.keySet()), "KafkaTopics = the topics the services use");

    int brokers = custom(objects, "KafkaNodePool").stream().mapToInt(p -> ((Number) at(p, "spec", "replicas")).intValue())
        .sum();
    for (var e : topics.entrySet()) {
      String name = e.getKey();
      Object config = at(e.getValue(), "spec", "config");
      int replicas = ((Number) at(e.getValue(), "spec", "replicas")).intValue();
      assertTrue(replicas <= brokers, name + ": replicas <= brokers");
      int minIsr = Integer.parseInt(String.valueOf(at(config, "min.insync.replicas")));
      assertTrue(minIsr <= replicas && (replicas == 1 || minIsr < replicas), name + ": min.insync.replicas fits");
      long retention = Long.parseLong(String.valueOf(at(config, "retention.ms")));
      if (name.endsWith(".dlq")) {
        assertTrue(retention >= 7L * 24 * 3600 * 1000, name + ": dead letters kept long enough to act on");
      } else {
        assertEquals(6, ((Number) at(e.getValue(), "spec", "partitions")).intValue(), name + ": partitions keyed by partner");
      }
      if (PUBLIC_TOPICS.contains(name)) {
        assertEquals(-1L, retention, name + ": subscribers can replay from the beginning");
      }
    }
    if (overlay.equals("prod")) {
      assertTrue(topics.values().stream().allMatch(t -> ((Number) at(t, "spec", "replicas")).intValue() >= 3),
          "prod topics are replicated 3 times");
    }
    GenericKubernetesResource kafka = custom(objects, "Kafka").get(0);
    assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"), "KRaft");
    assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/node-pools"), "node pools");
    assertEquals(Boolean.FALSE, at(kafka, "spec", "kafka", "config", "auto.create.topics.enable"));
    assertEquals("simple", at(kafka, "spec", "kafka", "authorization", "type"), "ACLs enforced");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void kafkaUsersGrantEachServiceWhatItsConfigurationNeedsAndNoMore(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    Map<String, GenericKubernetesResource> users = custom(objects, "KafkaUser").stream()
        .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
    Set<String> services = APPS.values().stream().filter(a -> !a.produces().isEmpty() || !a.consumes().isEmpty())
        .map(Manifests.QuarkusApp::name).collect(Collectors.toSet());
    Set<String> expectedUsers = new HashSet<>(services);
    expectedUsers.add("subscriber");
    assertEquals(expectedUsers, users.keySet(), "one KafkaUser per service plus the read-only subscriber");

    for (String service : services) {
      Manifests.QuarkusApp app = APPS.get(service);
      Set<String> writes = new HashSet<>(app.produces());
      writes.addAll(app.deadLetterTopics());
      assertEquals(writes, granted(users.get(service), "topic", "Write"), service + " writes its topics and DLQs");
      assertEquals(app.consumes(), granted(users.get(service), "topic", "Read"), service + " reads what it consumes");
      assertEquals(app.consumerGroups(), granted(users.get(service), "group", "Read"), service + " uses its group");
      assertEquals("scram-sha-512", at(users.get(service), "spec", "authentication", "type"));
    }
    Set<String> readersOfPrivate = users.entrySet().stream()
        .filter(e -> granted(e.getValue(), "topic", "Read").contains(PRIVATE_TOPIC) || grantsAll(e.getValue()))
        .map(Map.Entry::getKey).collect(Collectors.toSet());
    assertEquals(Set.of("notification-service"), readersOfPrivate, "only notification-service reads " + PRIVATE_TOPIC);

    GenericKubernetesResource subscriber = users.get("subscriber");
    assertEquals(PUBLIC_TOPICS, granted(subscriber, "topic", "Read"), "subscriber reads the public topics");
    for (Object acl : list(at(subscriber, "spec", "authorization", "acls"))) {
      assertEquals("literal".equals(at(acl, "resource", "patternType")) || at(acl, "resource", "patternType") == null
          ? true : at(acl, "resource", "type").equals("group"), true, "only group names may be prefixes");
      for (Object op : operations(acl)) {
        assertTrue(Set.of("Read", "Describe").contains(op), "subscriber is read-only, not " + op);
      }
    }
  }

  private static List<Object> operations(Object acl) {
    List<Object> ops = new ArrayList<>(list(at(acl, "operations")));
    if (at(acl, "operation") != null) {
      ops.add(at(acl, "operation"));
    }
    return ops;
  }

  private static boolean grantsAll(GenericKubernetesResource user) {
    return list(at(user, "spec", "authorization", "acls")).stream().anyMatch(acl -> operations(acl).contains("All")
        || "*".equals(at(acl, "resource", "name")) || "prefix".equals(at(acl, "resource", "patternType"))
        && "topic".equals(at(acl, "resource", "type")));
  }

  private static Set<String> granted(GenericKubernetesResource user, String type, String operation) {
    Set<String> names = new HashSet<>();
    for (Object acl : list(at(user, "spec", "authorization", "acls"))) {
      if (type.equals(at(acl, "resource", "type")) && operations(acl).contains(operation)) {
        names.add((String) at(acl, "resource", "name"));
      }
    }
    return names;
  }

  // --------------------------------------------------------------------------------------------- MongoDB, Keycloak

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void mongoDbIsAReplicaSetWithOneDatabaseAndUserPerService(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    List<GenericKubernetesResource> mongos = custom(objects, "MongoDBCommunity");
    assertEquals(1, mongos.size());
    GenericKubernetesResource mongo = mongos.get(0);
    assertEquals("ReplicaSet", at(mongo, "spec", "type"));
    int members = ((Number) at(mongo, "spec", "members")).intValue();
    assertTrue(overlay.equals("dev") ? members >= 1 : members >= 3, "members: " + members);
    Map<String, Object> usersByName = list(at(mongo, "spec", "users")).stream()
        .collect(Collectors.toMap(u -> (String) at(u, "name"), u -> u));
    Set<String> withDatabase = APPS.values().stream().filter(a -> a.property("quarkus.mongodb.database") != null)
        .map(Manifests.QuarkusApp::name).collect(Collectors.toSet());
    assertEquals(withDatabase, usersByName.keySet(), "one MongoDB user per service with a database");
    for (String service : withDatabase) {
      Object user = usersByName.get(service);
      List<Object> roles = list(at(user, "roles"));
      assertEquals(1, roles.size(), service + ": one role");
      assertEquals("readWrite", at(roles.get(0), "name"), service);
      assertEquals(APPS.get(service).property("quarkus.mongodb.database"), at(roles.get(0), "db"),
          service + ": its own database only");
      // its Deployment connects with this user's connection string
      Deployment d = typed(objects, Deployment.class).stream()
          .filter(x -> x.getMetadata().getName().equals(service)).findFirst().orElseThrow();
      EnvVar uri = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
          .filter(e -> e.getName().equals("MONGODB_URI")).findFirst().orElseThrow();
      assertEquals(at(user, "connectionStringSecretName"), uri.getValueFrom().getSecretKeyRef().getName(), service);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void keycloakImportsTheRepositoryRealmWithDemoUsersOnlyInDev(String overlay) throws IOException {
    List<HasMetadata> objects = Manifests.render(overlay);
    assertEquals(1, custom(objects, "Keycloak").size());
    List<GenericKubernetesResource> imports = custom(objects, "KeycloakRealmImport");
    assertEquals(1, imports.size());
    GenericKubernetesResource realmImport = imports.get(0);
    assertEquals(custom(objects, "Keycloak").get(0).getMetadata().getName(), at(realmImport, "spec", "keycloakCRName"));
    Object realm = at(realmImport, "spec", "realm");

    @SuppressWarnings("unchecked")
    Map<String, Object> source = new ObjectMapper().readValue(
        Manifests.REPO.resolve("deploy/keycloak/partner-portal-realm.json").toFile(), Map.class);
    assertEquals(source.get("realm"), at(realm, "realm"));
    assertEquals(source.get("roles"), at(realm, "roles"), "the realm's roles as in deploy/keycloak");
    Map<String, Object> clients = list(at(realm, "clients")).stream()
        .collect(Collectors.toMap(c -> (String) at(c, "clientId"), c -> c));
    for (Object sourceClient : list(source.get("clients"))) {
      String id = (String) at(sourceClient, "clientId");
      Object client = clients.remove(id);
      assertNotNull(client, "client " + id);
      for (String field : List.of("publicClient", "serviceAccountsEnabled",
          "standardFlowEnabled", "protocolMappers", "defaultClientScopes")) {
        assertEquals(at(sourceClient, field), at(client, field), id + "." + field);
      }
      // the password grant (the tests' and the local stack's CLI) is off in prod
      assertEquals(overlay.equals("prod") ? Boolean.FALSE : at(sourceClient, "directAccessGrantsEnabled"),
          at(client, "directAccessGrantsEnabled"), id + ".directAccessGrantsEnabled");
      Object secret = at(client, "secret");
      assertTrue(secret == null || Pattern.matches("\\$\\{[A-Z_]+}", (String) secret),
          id + ": a client secret only as an operator placeholder");
    }
    assertEquals(Set.of(), clients.keySet(), "no client that the repository realm lacks");
    assertFalse(Manifests.SERIALIZATION.asJson(realm).contains("__"), "every local-stack placeholder replaced");

    Set<String> demoUsers = list(source.get("users")).stream().map(u -> (String) at(u, "username"))
        .filter(u -> !u.startsWith("service-account-")).collect(Collectors.toSet());
    Set<String> users = list(at(realm, "users")).stream().map(u -> (String) at(u, "username")).collect(Collectors.toSet());
    if (overlay.equals("dev")) {
      assertTrue(users.containsAll(demoUsers), "dev has the demo users " + demoUsers);
    } else {
      assertTrue(users.stream().allMatch(u -> u.startsWith("service-account-")), "prod: no demo user, only " + users);
      assertTrue(list(at(realm, "users")).stream().allMatch(u -> at(u, "credentials") == null),
          "prod: no credentials in the realm");
    }
  }

  // --------------------------------------------------------------------------------------------- realm hardening

  /** deploy/keycloak's realm, as the local stack imports it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> sourceRealm() throws IOException {
    return new ObjectMapper().readValue(Manifests.REPO.resolve("deploy/keycloak/partner-portal-realm.json").toFile(), Map.class);
  }

  private static Object serviceAccount(Object realm, String clientId) {
    return list(at(realm, "users")).stream().filter(u -> clientId.equals(at(u, "serviceAccountClientId")))
        .findFirst().orElseThrow(() -> new AssertionError("no service account of " + clientId));
  }

  @Test
  void theRepositoryRealmLocksOutGuessersHasAPasswordPolicyAndAReadOnlyClientForTheGateway() throws IOException {
    Map<String, Object> realm = sourceRealm();
    assertEquals(Boolean.TRUE, realm.get("bruteForceProtected"));
    assertEquals(Boolean.FALSE, realm.get("permanentLockout"), "a lockout ends by itself");
    assertTrue(((Number) realm.get("failureFactor")).intValue() <= 10, "at most 10 failures before a lockout");
    String policy = (String) realm.get("passwordPolicy");
    assertNotNull(policy, "a password policy");
    assertTrue(policy.contains("length(12)") && policy.contains("notUsername") && policy.contains("notEmail"), policy);
    // the demo users' well-known passwords are stored hashed: the policy applies to passwords set from now on,
    // so it does not refuse their import (a plain "value" would be checked against it and fail the import)
    for (Object user : list(realm.get("users"))) {
      for (Object credential : list(at(user, "credentials"))) {
        assertEquals(null, at(credential, "value"), at(user, "username") + ": no plain-text password in the realm");
      }
    }
    // the gateway's client may view and query users, nothing more; partner-service's may manage them
    assertEquals(Set.of("view-users", "query-users"),
        Set.copyOf(list(at(serviceAccount(realm, "partner-portal-user-reader"), "clientRoles", "realm-management"))));
    assertTrue(list(at(serviceAccount(realm, "partner-portal-admin-api"), "clientRoles", "realm-management"))
        .contains("manage-users"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theClusterRealmKeepsTheRepositorysProtectionsAndProdGoesFurther(String overlay) throws IOException {
    List<HasMetadata> objects = Manifests.render(overlay);
    GenericKubernetesResource realmImport = custom(objects, "KeycloakRealmImport").get(0);
    Object realm = at(realmImport, "spec", "realm");
    Map<String, Object> source = sourceRealm();
    for (String field : List.of("bruteForceProtected", "permanentLockout", "failureFactor", "waitIncrementSeconds",
        "maxFailureWaitSeconds", "passwordPolicy")) {
      assertEquals(source.get(field), at(realm, field), overlay + ": " + field + " as in deploy/keycloak");
    }
    assertEquals(Set.of("view-users", "query-users"),
        Set.copyOf(list(at(serviceAccount(realm, "partner-portal-user-reader"), "clientRoles", "realm-management"))));
    Object placeholders = at(realmImport, "spec", "placeholders");
    if (overlay.equals("prod")) {
      assertTrue(list(at(realm, "clients")).stream().noneMatch(c -> Boolean.TRUE.equals(at(c, "directAccessGrantsEnabled"))),
          "prod: no client allows the password grant");
      Object smtp = at(realm, "smtpServer");
      assertEquals("true", at(smtp, "starttls"), "prod: Keycloak's mail over STARTTLS");
      assertEquals("true", at(smtp, "auth"), "prod: Keycloak's mail with a login");
      for (String field : List.of("user", "password")) {
        String value = (String) at(smtp, field);
        assertTrue(value != null && value.matches("\\$\\{[A-Z_]+}"), "prod: smtp " + field + " from a Secret: " + value);
        String name = value.substring(2, value.length() - 1);
        assertEquals("pp-smtp", at(placeholders, name, "secret", "name"), name);
      }
    } else {
      // the dev cluster is reachable at a public host: its demo users' passwords come from a Secret, never the
      // local stack's well-known password = user name
      List<Object> people = list(at(realm, "users")).stream().filter(u -> at(u, "serviceAccountClientId") == null).toList();
      assertFalse(people.isEmpty(), "dev has demo users");
      for (Object user : people) {
        for (Object credential : list(at(user, "credentials"))) {
          String value = (String) at(credential, "value");
          assertTrue(value != null && value.matches("\\$\\{[A-Z_]+}"), at(user, "username") + ": " + value);
          String name = value.substring(2, value.length() - 1);
          assertEquals("pp-keycloak-dev-demo-users", at(placeholders, name, "secret", "name"), name);
          assertEquals(at(user, "username"), at(placeholders, name, "secret", "key"), name);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theGatewayBelievesOnlyTheIngressAndLooksUsersUpReadOnly(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    Map<String, String> config = configMap(objects, "gateway-config");
    String proxies = config.get("PP_TRUSTED_PROXIES");
    assertTrue(proxies != null && !proxies.isBlank(), overlay + ": PP_TRUSTED_PROXIES set (the gateway refuses to start without)");
    for (String entry : proxies.split(",")) {
      assertTrue(entry.trim().matches("[0-9.]+/\\d{1,2}|[0-9A-Fa-f:]+/\\d{1,3}"), overlay + ": a CIDR range, not " + entry);
    }
    assertEquals("partner-portal-user-reader", config.get("KEYCLOAK_USERS_CLIENT_ID"));
    assertFalse(config.containsKey("KEYCLOAK_ADMIN_CLIENT_ID"), "the gateway has no user-managing client");
    Deployment gateway = typed(objects, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("gateway")).findFirst().orElseThrow();
    Set<String> secrets = gateway.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getSecret() != null).map(v -> v.getSecret().getSecretName()).collect(Collectors.toSet());
    assertTrue(secrets.contains("pp-keycloak-user-reader"), secrets.toString());
    assertFalse(secrets.contains("pp-keycloak-admin-api"), "the gateway never mounts the user-managing client's secret");
  }

  // --------------------------------------------------------------------------------------------- secrets

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void secretsAreOnlyReferencedAndEveryReferenceIsDeclared(String overlay) throws IOException {
    List<HasMetadata> objects = Manifests.render(overlay);
    assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("Secret")), "no Secret object is rendered");
    Map<String, Set<String>> declared = declaredSecrets();
    Map<String, Set<String>> referenced = secretReferences(objects);
    for (var ref : referenced.entrySet()) {
      assertTrue(declared.containsKey(ref.getKey()), "Secret " + ref.getKey() + " is not in secret-references.yaml");
      assertTrue(declared.get(ref.getKey()).containsAll(ref.getValue()),
          "Secret " + ref.getKey() + ": keys " + ref.getValue() + " not all declared " + declared.get(ref.getKey()));
    }
  }

  @Test
  void everyDeclaredSecretIsReferencedSomewhere() throws IOException {
    Map<String, Set<String>> referenced = new HashMap<>();
    for (String overlay : List.of("dev", "prod")) {
      secretReferences(Manifests.render(overlay)).forEach((k, v) ->
          referenced.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
    }
    for (var decl : declaredSecrets().entrySet()) {
      assertTrue(referenced.containsKey(decl.getKey()), decl.getKey() + " is declared but nothing uses it");
      assertEquals(decl.getValue(), referenced.get(decl.getKey()), decl.getKey() + ": declared keys = used keys");
    }
  }

  @Test
  void noSecretValueIsInTheManifests() throws IOException {
    Pattern secretKind = Pattern.compile("(?m)^kind:\\s*Secret\\s*$");
    Pattern privateKey = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    Pattern generator = Pattern.compile("(?m)^\\s*secretGenerator\\s*:");
    Pattern values = Pattern.compile("(?m)^\\s*(stringData|data)\\s*:");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Manifests.K8S)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> !Manifests.K8S.relativize(p).startsWith("target") && !Manifests.K8S.relativize(p).startsWith("src"))
          .toList();
    }
    assertFalse(files.isEmpty());
    for (Path file : files) {
      String text = Files.readString(file);
      String where = Manifests.K8S.relativize(file).toString();
      assertFalse(privateKey.matcher(text).find(), where + " holds a private key");
      if (file.getFileName().toString().startsWith("kustomization.")) {
        assertFalse(generator.matcher(text).find(), where + ": no secretGenerator (secrets are created by kubectl)");
      }
      if (secretKind.matcher(text).find()) {
        assertFalse(values.matcher(text).find(), where + " has a Secret with values");
      }
    }
    // the rendered realm: no client secret and, in prod, no password
    for (String overlay : List.of("dev", "prod")) {
      for (ConfigMap cm : typed(Manifests.render(overlay), ConfigMap.class)) {
        for (String key : cm.getData().keySet()) {
          assertFalse(key.matches(".*(PASSWORD|SECRET|PRIVATE_KEY|HMAC_KEY)$"),
              overlay + ": " + cm.getMetadata().getName() + "." + key + " looks like a secret in a ConfigMap");
        }
      }
    }
  }

  /** secret-references.yaml: name -> keys. */
  @SuppressWarnings("unchecked")
  private static Map<String, Set<String>> declaredSecrets() throws IOException {
    Map<String, Object> doc = Manifests.SERIALIZATION.unmarshal(
        Files.readString(Manifests.K8S.resolve("base/secret-references.yaml")), Map.class);
    Map<String, Set<String>> declared = new HashMap<>();
    for (Object s : list(doc.get("secrets"))) {
      String name = (String) at(s, "name");
      assertTrue(declared.put(name, new HashSet<>(list(at(s, "keys")).stream().map(String::valueOf).toList())) == null,
          name + " declared twice");
      assertTrue(Set.of("you", "strimzi", "mongodb").contains(at(s, "createdBy")), name + ": createdBy");
    }
    return declared;
  }

  /** Every Secret (name -> keys) a rendered object refers to, core kinds and the operators' resources. */
  private static Map<String, Set<String>> secretReferences(List<HasMetadata> objects) {
    Map<String, Set<String>> refs = new HashMap<>();
    java.util.function.BiConsumer<String, String> add = (name, key) -> {
      Set<String> keys = refs.computeIfAbsent(name, x -> new HashSet<>());
      if (key != null) {
        keys.add(key);
      }
    };
    for (Deployment d : typed(objects, Deployment.class)) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      for (Container c : pod.getContainers()) {
        for (EnvVar e : c.getEnv()) {
          if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
            add.accept(e.getValueFrom().getSecretKeyRef().getName(), e.getValueFrom().getSecretKeyRef().getKey());
          }
        }
        for (EnvFromSource from : c.getEnvFrom()) {
          assertTrue(from.getSecretRef() == null, d.getMetadata().getName() + ": a whole Secret as env is not allowed");
        }
        for (VolumeMount m : c.getVolumeMounts()) {
          assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName())), m.getName());
        }
      }
      for (Volume v : pod.getVolumes()) {
        if (v.getSecret() != null) {
          assertNotNull(v.getSecret().getItems(), v.getName() + ": mount only the keys needed");
          v.getSecret().getItems().forEach(i -> add.accept(v.getSecret().getSecretName(), i.getKey()));
        }
        assertTrue(v.getProjected() == null && v.getHostPath() == null, v.getName() + ": no hostPath/projected volumes");
      }
    }
    for (Ingress i : typed(objects, Ingress.class)) {
      i.getSpec().getTls().forEach(t -> add.accept(t.getSecretName(), null));
    }
    for (GenericKubernetesResource kc : custom(objects, "Keycloak")) {
      if (at(kc, "spec", "http", "tlsSecret") != null) {
        add.accept((String) at(kc, "spec", "http", "tlsSecret"), null);
      }
      for (String field : List.of("usernameSecret", "passwordSecret")) {
        Object ref = at(kc, "spec", "db", field);
        if (ref != null) {
          add.accept((String) at(ref, "name"), (String) at(ref, "key"));
        }
      }
    }
    for (GenericKubernetesResource ri : custom(objects, "KeycloakRealmImport")) {
      Object placeholders = at(ri, "spec", "placeholders");
      if (placeholders instanceof Map<?, ?> map) {
        map.values().forEach(p -> add.accept((String) at(p, "secret", "name"), (String) at(p, "secret", "key")));
      }
    }
    for (GenericKubernetesResource mongo : custom(objects, "MongoDBCommunity")) {
      for (Object user : list(at(mongo, "spec", "users"))) {
        add.accept((String) at(user, "passwordSecretRef", "name"),
            Objects.requireNonNullElse((String) at(user, "passwordSecretRef", "key"), "password"));
        // the operator writes connectionStringSecretName; a Deployment reads it (recorded above)
      }
    }
    return refs;
  }

  // --------------------------------------------------------------------------------------------- network

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void networkPoliciesDenyByDefaultAndAdmitOnlyWhatIsNeeded(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    List<NetworkPolicy> policies = typed(objects, NetworkPolicy.class);
    assertTrue(policies.stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
            && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
            && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()),
        "a default-deny policy for every pod, in and out");

    for (Deployment d : typed(objects, Deployment.class)) {
      String name = d.getMetadata().getName();
      Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
      List<NetworkPolicy> applying = policies.stream()
          .filter(p -> matches(p.getSpec().getPodSelector(), labels)).toList();
      int port = APPS.get(name).port();
      int metricsPort = APPS.get(name).metricsPort();

      for (NetworkPolicy p : applying) {
        for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
          assertFalse(rule.getFrom().isEmpty(), name + ": " + p.getMetadata().getName() + " admits anyone");
          if (isPrometheus(rule)) {
            assertTrue(rule.getPorts().stream().allMatch(x -> Integer.valueOf(metricsPort).equals(x.getPort().getIntVal())),
                name + ": Prometheus only on the metrics port " + metricsPort);
            continue;
          }
          assertTrue(rule.getPorts().stream().allMatch(x -> Integer.valueOf(port).equals(x.getPort().getIntVal())),
              name + ": ingress only on its port");
          for (NetworkPolicyPeer peer : rule.getFrom()) {
            if (name.equals("gateway")) {
              assertNotNull(peer.getNamespaceSelector(), "gateway: from the ingress controller's namespace");
              assertEquals(null, peer.getIpBlock());
            } else {
              assertTrue(peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                      && "gateway".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")),
                  name + ": traffic only from the gateway, not " + peer);
            }
          }
        }
        for (NetworkPolicyEgressRule rule : p.getSpec().getEgress()) {
          String allowed = egressKind(rule);
          assertNotNull(allowed, name + ": unexpected egress in " + p.getMetadata().getName() + ": " + rule);
          if (!name.equals("gateway")) {
            assertTrue(Set.of("dns", "kafka", "mongodb").contains(allowed)
                    || allowed.equals("smtp") && name.equals("notification-service")
                    || allowed.equals("oidc") && name.equals("partner-service"),
                name + " may not reach " + allowed);
          } else {
            assertTrue(Set.of("dns", "services", "oidc").contains(allowed), "gateway may not reach " + allowed);
          }
        }
      }
      assertTrue(applying.stream().anyMatch(p -> !p.getSpec().getIngress().isEmpty()), name + ": admitted from somewhere");
    }
  }

  /** A rule admitting only the monitoring namespace (Prometheus), from no particular pod. */
  private static boolean isPrometheus(NetworkPolicyIngressRule rule) {
    return rule.getFrom().stream().allMatch(peer -> peer.getPodSelector() == null && peer.getIpBlock() == null
        && peer.getNamespaceSelector() != null
        && MONITORING.equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void prometheusScrapesEachAppWhereItServesMetricsAndNothingPublicServesThem(String overlay) {
    List<HasMetadata> objects = Manifests.render(overlay);
    List<NetworkPolicy> policies = typed(objects, NetworkPolicy.class);
    for (Deployment d : typed(objects, Deployment.class)) {
      String name = d.getMetadata().getName();
      Manifests.QuarkusApp app = APPS.get(name);
      Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
      assertEquals("true", annotations.get("prometheus.io/scrape"), name + ": scraped");
      assertEquals("/q/metrics", annotations.get("prometheus.io/path"), name + ": the Quarkus metrics path");
      assertEquals(String.valueOf(app.metricsPort()), annotations.get("prometheus.io/port"),
          name + ": scraped where quarkus.http.port / quarkus.management.port says metrics are");
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertTrue(c.getPorts().stream().anyMatch(p -> p.getContainerPort() == app.metricsPort()),
          name + ": the container declares its metrics port");
      Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertTrue(policies.stream().filter(p -> matches(p.getSpec().getPodSelector(), labels))
              .flatMap(p -> p.getSpec().getIngress().stream()).filter(K8sManifestsTest::isPrometheus)
              .anyMatch(r -> r.getPorts().stream().anyMatch(x -> Integer.valueOf(app.metricsPort()).equals(x.getPort().getIntVal()))),
          name + ": a NetworkPolicy admits Prometheus on the metrics port");
    }
    // the gateway's metrics port is neither in its Service nor behind the Ingress
    Manifests.QuarkusApp gateway = APPS.get("gateway");
    assertFalse(gateway.metricsPort() == gateway.port(), "the gateway serves metrics off its public port");
    Service svc = typed(objects, Service.class).stream().filter(s -> s.getMetadata().getName().equals("gateway"))
        .findFirst().orElseThrow();
    assertTrue(svc.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == gateway.metricsPort()
        || "management".equals(p.getTargetPort().getStrVal())), "gateway Service: no management port");
  }

  /** What an egress rule of an application pod leads to, or null when it is none of the allowed kinds. */
  private static String egressKind(NetworkPolicyEgressRule rule) {
    Set<Integer> ports = rule.getPorts().stream().map(NetworkPolicyPort::getPort).filter(Objects::nonNull)
        .map(p -> p.getIntVal()).collect(Collectors.toSet());
    if (rule.getTo().isEmpty()) {
      return null;
    }
    Set<String> kinds = new HashSet<>();
    for (NetworkPolicyPeer peer : rule.getTo()) {
      Map<String, String> pod = peer.getPodSelector() == null ? Map.of()
          : Objects.requireNonNullElse(peer.getPodSelector().getMatchLabels(), Map.of());
      if (peer.getIpBlock() != null) {
        kinds.add(!ports.isEmpty() && Set.of(25, 465, 587).containsAll(ports) ? "smtp" : "any");
      } else if (peer.getNamespaceSelector() != null) {
        kinds.add("kube-dns".equals(pod.get("k8s-app")) && Set.of(53).containsAll(ports) ? "dns" : "namespace");
      } else if (pod.containsKey("strimzi.io/cluster") && ports.equals(Set.of(9093))) {
        kinds.add("kafka");
      } else if ("pp-mongodb-svc".equals(pod.get("app")) && ports.equals(Set.of(27017))) {
        kinds.add("mongodb");
      } else if ("keycloak".equals(pod.get("app")) && !ports.isEmpty()) {
        kinds.add("oidc");
      } else if ("service".equals(pod.get("app.kubernetes.io/component")) && !ports.isEmpty()) {
        kinds.add("services");
      } else {
        kinds.add("other");
      }
    }
    return kinds.size() == 1 && !kinds.contains("any") && !kinds.contains("namespace") && !kinds.contains("other")
        ? kinds.iterator().next() : null;
  }

  // --------------------------------------------------------------------------------------------- helpers

  private static Map<String, String> configMap(List<HasMetadata> objects, String name) {
    return typed(objects, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name)).getData();
  }

  private static boolean isEmpty(LabelSelector selector) {
    return selector == null || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (isEmpty(selector)) {
      return true;
    }
    if (selector.getMatchLabels() != null && !matches(selector.getMatchLabels(), labels)) {
      return false;
    }
    if (selector.getMatchExpressions() != null) {
      for (var e : selector.getMatchExpressions()) {
        String value = labels.get(e.getKey());
        boolean ok = switch (e.getOperator()) {
          case "In" -> value != null && e.getValues().contains(value);
          case "NotIn" -> value == null || !e.getValues().contains(value);
          case "Exists" -> value != null;
          case "DoesNotExist" -> value == null;
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
