package com.crmtelephony.phonebook.contact;

/** A validated contact: {@code number} is E.164, {@code rawNumber} the form it was given in. */
public record Contact(String number, String rawNumber, String name, String email) {
}
