package org.partnerportal.partner.domain;

/** Links to the partner's social profiles; http(s) only, checked at the API. */
public class Social {
    public String linkedin;
    public String twitter;
    public String github;
    public String youtube;

    public Social() {
    }

    public Social(String linkedin, String twitter, String github, String youtube) {
        this.linkedin = linkedin;
        this.twitter = twitter;
        this.github = github;
        this.youtube = youtube;
    }
}
