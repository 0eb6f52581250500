package org.partnerportal.partner.domain;

public class Contact {
    public String name;
    public String email;
    public String phone;
    public String role;
    public boolean isPrimary;

    public Contact() {
    }

    public Contact(String name, String email, String phone, String role, boolean isPrimary) {
        this.name = name;
        this.email = email;
        this.phone = phone;
        this.role = role;
        this.isPrimary = isPrimary;
    }
}
