package org.partnerportal.notification.domain;

/** A variable a template may use: what the event or request supplies under that name. */
public class TemplateVariable {

    public String name;
    public boolean required;
    public String description;

    public TemplateVariable() {
    }

    public TemplateVariable(String name, boolean required, String description) {
        this.name = name;
        this.required = required;
        this.description = description;
    }

    public static TemplateVariable required(String name, String description) {
        return new TemplateVariable(name, true, description);
    }

    public static TemplateVariable optional(String name, String description) {
        return new TemplateVariable(name, false, description);
    }
}
