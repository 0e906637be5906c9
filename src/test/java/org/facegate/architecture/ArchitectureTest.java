package org.facegate.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.facegate.inference.ModelsFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imports of the main classes follow the package map ({@link PackageLayers}, docs/architecture.md): no circle
 * between top-level packages, no package importing one beside or above it, so the runtime never imports the model
 * importer, the calibration or the training code. A failure names each offending class and import.
 */
class ArchitectureTest {

    private static final String RUNTIME_MAY_NOT_IMPORT = "modelimport calibration padtraining";
    private static List<Dependency> main;

    @BeforeAll
    static void readMainClasses() throws Exception {
        Path classes = Path.of(ModelsFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        main = MainDependencies.read(classes, Path.of("src", "main", "java"));
    }

    @Test
    void everyTopLevelPackageHasItsPlaceOnTheMap() {
        Set<String> rooms = main.stream().flatMap(d -> java.util.stream.Stream.of(d.fromRoom(), d.toRoom()))
                .collect(Collectors.toCollection(TreeSet::new));
        rooms.removeAll(PackageLayers.facegate().packages());
        assertEquals(Set.of(), rooms, "packages without a layer in PackageLayers.LAYERS");
    }

    @Test
    void noPackageImportsOneBesideOrAboveIt() {
        List<String> bad = PackageLayers.facegate().violations(main);
        assertTrue(bad.isEmpty(), "imports against the package map:\n  " + String.join("\n  ", bad));
    }

    @Test
    void thereIsNoCircleBetweenTopLevelPackages() {
        List<String> circles = PackageLayers.cycles(main);
        assertTrue(circles.isEmpty(), "circles between packages:\n  " + String.join("\n  ", circles));
    }

    @Test
    void theRuntimeImportsNoBuildTimeOrTrainingCode() {
        List<Dependency> bad = main.stream()
                .filter(d -> PackageLayers.LAYERS.stream().anyMatch(l -> l.tier() == PackageLayers.Tier.RUNTIME
                        && l.packages().contains(d.fromRoom())))
                .filter(d -> Set.of(RUNTIME_MAY_NOT_IMPORT.split(" ")).contains(d.toRoom()))
                .toList();
        assertEquals(List.of(), bad);
    }

    @Test
    void theReaderSeesTypesAndConstantsInTheClassFiles() throws Exception {
        // a type used in code
        assertTrue(main.contains(new Dependency("org.facegate.vision.FacePipeline",
                "org.facegate.inference.RecognitionDescriptor")), "not found among " + main.size() + " dependencies");
        // a class used by its fully qualified name, with no import line: only the class file has it
        assertTrue(main.contains(new Dependency("org.facegate.cli.TrainPadCommand",
                "org.facegate.modelimport.PadImport")));
        // constants only: javac copies their values into DefaultFusion but still names their class
        try (InputStream in = ModelsFolder.class.getResourceAsStream("/org/facegate/modelimport/DefaultFusion.class")) {
            assertTrue(MainDependencies.referencedClasses(in).contains("org.facegate.inference.ModelsFolder"));
        }
    }

    @Test
    void anImportLineCountsEvenWhenTheClassFileDoesNotShowIt(@TempDir Path dir) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/org/facegate/vision"));
        Files.writeString(sources.resolve("Sketch.java"), """
                package org.facegate.vision;

                import java.util.List;
                import org.facegate.modelimport.ModelImporter;
                import static org.facegate.padtraining.PadPhotos.read;

                /** Mentions {@link ModelImporter} in its Javadoc only. */
                final class Sketch {
                }
                """);
        List<Dependency> found = MainDependencies.read(Files.createDirectories(dir.resolve("classes")),
                dir.resolve("src"));
        assertEquals(List.of(new Dependency("org.facegate.vision.Sketch", "org.facegate.modelimport.ModelImporter"),
                new Dependency("org.facegate.vision.Sketch", "org.facegate.padtraining.PadPhotos.read")), found);
        assertEquals(2, PackageLayers.facegate().violations(found).size());
    }

    @Test
    void theClassFileReaderFindsTheTypesOfFieldsAndSignatures() throws IOException {
        try (InputStream in = ArchitectureTest.class.getResourceAsStream("Dependency.class")) {
            Set<String> refs = MainDependencies.referencedClasses(in);
            assertTrue(refs.contains("org.facegate.architecture.Dependency"), refs::toString);
        }
        try (InputStream in = ArchitectureTest.class.getResourceAsStream("PackageLayers.class")) {
            Set<String> refs = MainDependencies.referencedClasses(in);
            // only in a descriptor: List<String> violations(Collection<Dependency>)
            assertTrue(refs.contains("org.facegate.architecture.Dependency"), refs::toString);
            assertTrue(refs.contains("org.facegate.architecture.PackageLayers$Layer"), refs::toString);
        }
    }

    @Test
    void theCheckerCatchesARuntimePackageImportingTheImporter() {
        List<String> bad = PackageLayers.facegate().violations(List.of(
                new Dependency("org.facegate.vision.FacePipeline", "org.facegate.modelimport.ModelImporter"),
                new Dependency("org.facegate.modelimport.PadImport", "org.facegate.pad.TextureModel")));
        assertEquals(1, bad.size(), bad::toString);
        assertTrue(bad.get(0).startsWith("vision.FacePipeline imports modelimport.ModelImporter: vision (runtime,"),
                bad.get(0));
        assertTrue(bad.get(0).contains("may not import modelimport (build"), bad.get(0));
    }

    @Test
    void theCheckerCatchesAPackageWithoutALayerAndImportsBesideItsOwnLayer() {
        List<String> bad = PackageLayers.facegate().violations(List.of(
                new Dependency("org.facegate.newthing.A", "org.facegate.vision.B"),
                new Dependency("org.facegate.pad.C", "org.facegate.matching.D")));
        assertEquals(2, bad.size(), bad::toString);
        assertTrue(bad.get(0).contains("package 'newthing' has no layer"), bad.get(0));
        assertTrue(bad.get(1).startsWith("pad.C imports matching.D: pad (runtime, layer 2) may not import"
                + " matching (runtime, layer 2)"), bad.get(1));
    }

    @Test
    void theCheckerFindsACircleAndNamesAnImportForEachStep() {
        List<String> circles = PackageLayers.cycles(List.of(
                new Dependency("org.facegate.modelimport.ColourTextureGraph", "org.facegate.pad.TextureModel"),
                new Dependency("org.facegate.pad.training.PadFeatures", "org.facegate.modelimport.ColourTextureGraph"),
                new Dependency("org.facegate.vision.FacePipeline", "org.facegate.inference.OnnxModel")));
        assertEquals(List.of("modelimport -> pad -> modelimport: modelimport.ColourTextureGraph imports"
                + " pad.TextureModel; pad.training.PadFeatures imports modelimport.ColourTextureGraph"), circles);
        assertEquals(List.of(), PackageLayers.cycles(List.of(
                new Dependency("org.facegate.vision.FacePipeline", "org.facegate.inference.OnnxModel"))));
    }

    @Test
    void theMapHasNoPackageTwiceAndPutsTheRuntimeBelowBuildTimeBelowTools() {
        int tier = 0;
        for (PackageLayers.Layer l : PackageLayers.LAYERS) {
            assertTrue(l.tier().ordinal() >= tier, "tiers out of order at " + l);
            tier = l.tier().ordinal();
        }
        assertEquals(PackageLayers.LAYERS.stream().mapToInt(l -> l.packages().size()).sum(),
                PackageLayers.facegate().packages().size());
    }

    @Test
    void docsArchitectureListsEveryPackageInTheLayerOfTheMap() throws IOException {
        Map<String, Integer> documented = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (?:\\*\\*[a-z ]+\\*\\* )?(\\d+) \\| `(\\w+)` \\|")
                .matcher(Files.readString(Path.of("docs", "architecture.md")));
        while (m.find()) {
            documented.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        Map<String, Integer> map = new TreeMap<>();
        for (int i = 0; i < PackageLayers.LAYERS.size(); i++) {
            for (String p : PackageLayers.LAYERS.get(i).packages()) {
                map.put(p, i + 1);
            }
        }
        assertEquals(map, documented, "docs/architecture.md \"Where the code is\" against PackageLayers.LAYERS");
    }
}
