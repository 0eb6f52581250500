package org.partnerportal.gateway.docs;

import java.util.Map;

/**
 * OpenAPI documents shaped like the services' own (smallrye-openapi, {@code /q/openapi?format=json}):
 * their path parameters named as the services name them, their internal-JWT security scheme, a
 * {@code Problem} schema that partner- and nda-service define differently, a {@code PageMeta} they
 * define alike, and a path the gateway does not route.
 */
final class FakeServiceDocs {

    private FakeServiceDocs() {
    }

    static final String PARTNER = """
            {"openapi":"3.1.0","info":{"title":"partner-service","version":"1.0.0-SNAPSHOT"},
             "tags":[{"name":"Partners","description":"Partner records"}],
             "paths":{
              "/api/partners":{"get":{"tags":["Partners"],"summary":"List partners",
                 "security":[{"SecurityScheme":[]}],
                 "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/PartnerPage"}}}}}}},
              "/api/access-requests/{id}/approve":{
                 "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
                 "post":{"summary":"Approve an access request",
                   "responses":{"200":{"description":"OK"},
                     "409":{"description":"Conflict","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}},
              "/api/partner/register":{"post":{"tags":["Partners"],"summary":"Ask for access","responses":{"202":{"description":"Accepted"}}}},
              "/api/internal/reindex":{"post":{"summary":"Not routed by the gateway","responses":{"204":{"description":"Done"}}}}
             },
             "components":{
              "schemas":{
               "Problem":{"type":"object","properties":{"title":{"type":"string"}}},
               "PageMeta":{"type":"object","properties":{"total":{"type":"integer"}}},
               "Partner":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}}},
               "PartnerPage":{"type":"object","properties":{
                  "items":{"type":"array","items":{"$ref":"#/components/schemas/Partner"}},
                  "meta":{"$ref":"#/components/schemas/PageMeta"}}}},
              "securitySchemes":{"SecurityScheme":{"type":"http","scheme":"bearer","bearerFormat":"JWT"}}}}
            """;

    static final String ENGAGEMENT = """
            {"openapi":"3.1.0","info":{"title":"engagement-service","version":"1.0.0-SNAPSHOT"},
             "tags":[{"name":"Partners","description":"another description"},{"name":"Timeline"}],
             "paths":{
              "/api/partners/{partnerId}/timeline":{"get":{"tags":["Timeline"],
                 "parameters":[{"$ref":"#/components/parameters/PartnerId"},
                               {"name":"limit","in":"query","schema":{"type":"integer"}}],
                 "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/TimelinePage"}}}}}}},
              "/api/portal/{token}/timeline":{"get":{"tags":["Timeline"],
                 "parameters":[{"name":"token","in":"path","required":true,"schema":{"type":"string"}}],
                 "responses":{"200":{"description":"OK"}}}}
             },
             "components":{
              "parameters":{"PartnerId":{"name":"partnerId","in":"path","required":true,"schema":{"type":"string"}}},
              "schemas":{
               "PageMeta":{"type":"object","properties":{"total":{"type":"integer"}}},
               "TimelinePage":{"type":"object","properties":{"meta":{"$ref":"#/components/schemas/PageMeta"}}}}}}
            """;

    static final String NDA = """
            {"openapi":"3.1.0","info":{"title":"nda-service","version":"1.0.0-SNAPSHOT"},
             "tags":[{"name":"Proposals"}],
             "paths":{
              "/api/proposals/{partnerId}":{"get":{"tags":["Proposals"],"summary":"Open a proposal",
                 "parameters":[{"name":"partnerId","in":"path","required":true,"schema":{"type":"string"}}],
                 "responses":{"200":{"description":"OK"},
                   "404":{"description":"Not found","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}},
              "/api/portal/{token}":{"get":{"summary":"The partner portal",
                 "parameters":[{"name":"token","in":"path","required":true,"schema":{"type":"string"}}],
                 "responses":{"200":{"description":"OK"}}}},
              "/api/nda/template":{"get":{"summary":"The NDA text","responses":{"200":{"description":"OK"}}}},
              "/api/admin/demo-partners/{id}/reset":{"post":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
                 "responses":{"204":{"description":"Reset"}}}}
             },
             "components":{
              "schemas":{
               "Problem":{"type":"object","properties":{"title":{"type":"string"},"status":{"type":"integer"}}},
               "PageMeta":{"type":"object","properties":{"total":{"type":"integer"}}}},
              "securitySchemes":{"SecurityScheme":{"type":"http","scheme":"bearer","bearerFormat":"JWT"}}}}
            """;

    static final Map<String, String> BY_SERVICE = Map.of("partner-service", PARTNER, "engagement-service", ENGAGEMENT,
            "nda-service", NDA);
}
