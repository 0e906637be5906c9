package org.facegate.app;

import java.util.List;
import org.facegate.testsupport.TestPhotos;

/** People for the app tests: clearly different faces from {@link TestPhotos}. */
final class TestFaces {

    private static final List<DemoFaces.Person> PEOPLE = TestPhotos.distinctPeople(3);

    private TestFaces() {
    }

    static DemoFaces.Person person(String role) {
        return switch (role) {
            case "alice" -> PEOPLE.get(0);
            case "bob" -> PEOPLE.get(1);
            case "mallory" -> PEOPLE.get(2);
            default -> throw new IllegalArgumentException(role);
        };
    }

    static byte[] enrolment(String role) {
        return person(role).enrolment();
    }

    static byte[] live(String role) {
        return person(role).live();
    }
}
