package org.facegate.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.facegate.vision.FaceBox;
import org.facegate.vision.Landmarks;
import org.facegate.vision.RgbImage;

/**
 * Draws a failure gallery's contact sheet with java.awt (headless): a title line, then one row per pair. A row is
 * a strip coloured by what it shows ({@link #STRIP_COLOURS}), the two photos (each scaled to fit
 * {@value #PHOTO} px, LFW's size) with the chosen face's box and 68 landmarks, then for each member model the two
 * aligned chips as that network saw them (scaled to fit {@value #CHIP} px, captioned with their size and, for a
 * fusion, the member), then the text label.
 * A photo without a face shows its problem over it; one that could not be read is a grey square.
 */
public final class GallerySheet {

    static final int PHOTO = 250;
    static final int CHIP = 150;
    static final int MARGIN = 8;
    static final int STRIP = 6;
    static final int HEADER = 28;
    static final int LABEL_WIDTH = 400;
    static final Color BOX = new Color(255, 200, 0);
    static final Color LANDMARK = new Color(0, 230, 255);
    static final Color[] STRIP_COLOURS = {new Color(230, 120, 0), new Color(200, 30, 30), new Color(40, 150, 60)};
    private static final Color TEXT = new Color(20, 20, 20);
    static final Color MISSING = new Color(160, 160, 160);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private GallerySheet() {
    }

    /** One row: what it shows, its two photos and the lines of its label. */
    public record Row(FailureRanking.Kind kind, GalleryPhoto first, GalleryPhoto second, List<String> label) {

        public Row {
            label = List.copyOf(label);
        }
    }

    /**
     * The sheet, {@link #width} by {@link #height}; {@code members} names the member models (one chip pair each,
     * captioned with the name).
     */
    public static BufferedImage draw(String title, List<String> members, List<Row> rows) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage sheet = new BufferedImage(width(members.size()), height(rows.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            // Shapes stay crisp (a box pixel is exactly the box colour); only text is smoothed.
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setFont(TITLE_FONT);
            g.setColor(TEXT);
            g.drawString(fit(g, title, sheet.getWidth() - 2 * MARGIN), MARGIN, HEADER - 9);
            for (int r = 0; r < rows.size(); r++) {
                drawRow(g, rows.get(r), r, members);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Sheet width for {@code members} member models. */
    static int width(int members) {
        return labelX(members) + LABEL_WIDTH + MARGIN;
    }

    /** Sheet height for {@code rows} rows. */
    static int height(int rows) {
        return rowY(rows);
    }

    /** Top of row {@code r}. */
    static int rowY(int r) {
        return HEADER + r * (PHOTO + MARGIN);
    }

    /** Left of photo {@code which} (0 first, 1 second). */
    static int photoX(int which) {
        return STRIP + MARGIN + which * (PHOTO + MARGIN);
    }

    /** Left of the chip of photo {@code which} for member {@code member}: the two chips of a member side by side. */
    static int chipX(int member, int which) {
        return photoX(2) + (2 * member + which) * (CHIP + MARGIN);
    }

    private static int labelX(int members) {
        return chipX(members, 0);
    }

    private static void drawRow(Graphics2D g, Row row, int r, List<String> members) {
        int y = rowY(r);
        g.setColor(STRIP_COLOURS[row.kind().ordinal()]);
        g.fillRect(0, y, STRIP, PHOTO);
        GalleryPhoto[] photos = {row.first(), row.second()};
        for (int which = 0; which < 2; which++) {
            drawPhoto(g, photos[which], photoX(which), y);
            for (int m = 0; m < members.size(); m++) {
                RgbImage chip = m < photos[which].chips().size() ? photos[which].chips().get(m) : null;
                String member = members.size() > 1 ? members.get(m) : null;
                drawChip(g, chip, chipX(m, which), y, which == 0 ? "A" : "B", member);
            }
        }
        g.setFont(LABEL_FONT);
        FontMetrics fm = g.getFontMetrics();
        int x = labelX(members.size());
        int line = y + fm.getAscent();
        for (int i = 0; i < row.label().size(); i++) {
            g.setColor(i == 0 ? STRIP_COLOURS[row.kind().ordinal()] : TEXT);
            g.drawString(fit(g, row.label().get(i), LABEL_WIDTH), x, line);
            line += fm.getHeight();
        }
    }

    private static void drawPhoto(Graphics2D g, GalleryPhoto p, int x, int y) {
        if (p.photo() == null) {
            g.setColor(MISSING);
            g.fillRect(x, y, PHOTO, PHOTO);
        } else {
            RgbImage img = p.photo();
            double s = Math.min((double) PHOTO / img.width(), (double) PHOTO / img.height());
            g.drawImage(toBuffered(img), x, y, (int) Math.round(img.width() * s), (int) Math.round(img.height() * s),
                    null);
            if (p.box() != null) {
                FaceBox b = p.box();
                g.setColor(BOX);
                g.setStroke(new BasicStroke(2));
                g.drawRect(x + (int) Math.round(b.x() * s), y + (int) Math.round(b.y() * s),
                        (int) Math.round(b.width() * s), (int) Math.round(b.height() * s));
            }
            if (p.landmarks() != null) {
                g.setColor(LANDMARK);
                Landmarks l = p.landmarks();
                for (int i = 0; i < Landmarks.COUNT; i++) {
                    g.fillRect(x + (int) Math.round(l.x(i) * s) - 1, y + (int) Math.round(l.y(i) * s) - 1, 3, 3);
                }
            }
        }
        if (p.problem() != null) {
            g.setFont(LABEL_FONT);
            FontMetrics fm = g.getFontMetrics();
            String text = p.photo() == null ? p.problem() + ": not read" : p.problem();
            g.setColor(STRIP_COLOURS[FailureRanking.Kind.FAILED_IMAGE.ordinal()]);
            g.fillRect(x, y + PHOTO - fm.getHeight() - 4, PHOTO, fm.getHeight() + 4);
            g.setColor(Color.WHITE);
            g.drawString(fit(g, text, PHOTO - 8), x + 4, y + PHOTO - 4 - fm.getDescent());
        }
    }

    /** The chip scaled to fit the cell, captioned with its photo, size and (for a fusion) member model. */
    private static void drawChip(Graphics2D g, RgbImage chip, int x, int y, String photo, String member) {
        String caption = photo + " chip";
        if (chip == null) {
            g.setColor(MISSING);
            g.fillRect(x, y, CHIP, CHIP);
        } else {
            double s = Math.min((double) CHIP / chip.width(), (double) CHIP / chip.height());
            g.drawImage(toBuffered(chip), x, y, (int) Math.round(chip.width() * s), (int) Math.round(chip.height() * s),
                    null);
            caption += " " + chip.width() + "x" + chip.height();
        }
        g.setFont(CAPTION_FONT);
        g.setColor(TEXT);
        FontMetrics fm = g.getFontMetrics();
        int line = y + CHIP + fm.getAscent() + 2;
        g.drawString(fit(g, caption, CHIP), x, line);
        if (member != null) {
            g.drawString(fit(g, member, CHIP), x, line + fm.getHeight());
        }
    }

    /** {@code text} cut with an ellipsis to fit {@code width} px in the current font. */
    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (!t.isEmpty() && fm.stringWidth(t + "...") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "...";
    }

    static BufferedImage toBuffered(RgbImage img) {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = img.rgb();
        int[] px = new int[img.width() * img.height()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
        }
        out.setRGB(0, 0, img.width(), img.height(), px, 0, img.width());
        return out;
    }
}
