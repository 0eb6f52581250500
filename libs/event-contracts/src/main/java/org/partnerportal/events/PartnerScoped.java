package org.partnerportal.events;

/**
 * A payload that names the partner it is about: {@code partnerId}, which is also the record's Kafka
 * key and CloudEvent subject (null on the few that may concern no partner, such as an e-mail to an
 * admin). Lets a consumer find the partner of any event without knowing its type.
 */
public interface PartnerScoped {

    String partnerId();
}
