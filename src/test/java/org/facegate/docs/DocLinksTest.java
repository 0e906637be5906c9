package org.facegate.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative markdown link in the front-door documents resolves: README.md, every docs/*.md, schemas/README.md
 * and deploy/README.md. A link {@code [text](path)} names a file or folder that exists (relative to the document), and
 * {@code path#anchor} or {@code #anchor} names a heading of that markdown file by its GitHub slug (lowercase,
 * punctuation removed, spaces to '-', a repeated heading gets -1, -2, ...). http(s) and other links with a scheme
 * are not checked; links inside code (fenced blocks, inline spans) are not links.
 */
class DocLinksTest {

    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+).*?\\1");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    @Test
    void everyRelativeLinkInTheDocsNamesAnExistingFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            List<String> lines = proseLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(INLINE_CODE.matcher(lines.get(i)).replaceAll(""));
                while (m.find()) {
                    String target = m.group(2);
                    if (SCHEME.matcher(target).find()) {
                        continue;
                    }
                    checked++;
                    String problem = problem(doc, target);
                    if (problem != null) {
                        broken.add(doc + ":" + (i + 1) + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        assertTrue(checked > 20, "the test found only " + checked + " relative links: is it reading the documents?");
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void headingSlugsFollowGitHubsRule() {
        assertEquals("the-face-pipeline", slug("The face pipeline"));
        assertEquals("parity-with-the-original-face-api", slug("Parity with the original face-api"));
        assertEquals("figures-2026-12-03-this-2-core-machine-amd-epyc-kvm-1-thread-per-core-cpu-inference",
                slug("Figures (2026-12-03, this 2-core machine: AMD EPYC, KVM, 1 thread per core; CPU inference)"));
        assertEquals("deploy", slug("deploy/"));
        assertEquals("size-limits-and-the-kafka-settings-they-imply", slug("Size limits and the Kafka settings they imply"));
        assertEquals("facegate_ready-and-lag", slug("`facegate_ready` and [lag](x.md)"));
    }

    /** Why {@code target}, linked from {@code doc}, does not resolve; null when it does. */
    private String problem(Path doc, String target) throws IOException {
        int hash = target.indexOf('#');
        String pathPart = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path file = pathPart.isEmpty() ? doc : doc.toAbsolutePath().getParent().resolve(pathPart).normalize();
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor.isEmpty()) {
            return null;
        }
        if (!file.getFileName().toString().endsWith(".md") || Files.isDirectory(file)) {
            return "an anchor into a file that is not markdown";
        }
        Set<String> anchors = anchorsByFile.computeIfAbsent(file.toAbsolutePath().normalize(), DocLinksTest::anchors);
        return anchors.contains(anchor) ? null : "no heading with that slug in " + file.getFileName() + " " + anchors;
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("schemas/README.md"),
                Path.of("deploy/README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The document's lines with fenced code blocks blanked out, so line numbers stay right. */
    private static List<String> proseLines(Path doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> prose = new ArrayList<>(lines.size());
        String fence = null;
        for (String line : lines) {
            String stripped = line.strip();
            if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                fence = stripped.substring(0, 3);
                prose.add("");
            } else if (fence != null) {
                if (stripped.startsWith(fence)) {
                    fence = null;
                }
                prose.add("");
            } else {
                prose.add(line);
            }
        }
        return prose;
    }

    private static Set<String> anchors(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(file)) {
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String base = slug(h.group(2));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: the rendered text lowercased, punctuation removed, each space a '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{Mn}\\p{Pc} -]", "").replace(' ', '-');
    }
}
