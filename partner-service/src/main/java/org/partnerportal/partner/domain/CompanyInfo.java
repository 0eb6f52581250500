package org.partnerportal.partner.domain;

/** Seed 000's company block; every field optional. */
public class CompanyInfo {
    public String size;
    public String headquarters;
    public Integer foundedYear;
    public String employeeCount;

    public CompanyInfo() {
    }

    public CompanyInfo(String size, String headquarters, Integer foundedYear, String employeeCount) {
        this.size = size;
        this.headquarters = headquarters;
        this.foundedYear = foundedYear;
        this.employeeCount = employeeCount;
    }
}
