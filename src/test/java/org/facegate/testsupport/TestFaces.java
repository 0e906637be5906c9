package org.facegate.testsupport;

import java.util.List;
import org.facegate.demo.DemoFaces;

/** People for the command and service tests: clearly different faces from {@link TestPhotos}. */
public final class TestFaces {

    private static final List<DemoFaces.Person> PEOPLE = TestPhotos.distinctPeople(3);

    private TestFaces() {
    }

    public static DemoFaces.Person person(String role) {
        return switch (role) {
            case "alice" -> PEOPLE.get(0);
            case "bob" -> PEOPLE.get(1);
            case "mallory" -> PEOPLE.get(2);
            default -> throw new IllegalArgumentException(role);
        };
    }

    public static byte[] enrolment(String role) {
        return person(role).enrolment();
    }

    public static byte[] live(String role) {
        return person(role).live();
    }
}
