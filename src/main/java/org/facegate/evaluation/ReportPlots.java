package org.facegate.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The evaluation's plots, drawn with JFreeChart (headless) into PNG files:
 * <ul>
 * <li>{@code roc.png}: true accept rate against false accept rate, FAR on a log axis from 1e-4 (LFW's 3,000
 * different-person pairs resolve FAR down to about 3e-4), with a marker at the target FAR.</li>
 * <li>{@code det.png}: false reject rate against false accept rate, both on log axes (a DET curve: lower is
 * better), with the equal-error line FAR = FRR.</li>
 * </ul>
 * Rates of exactly zero cannot be shown on a log axis; they are drawn at the axis floor.
 */
public final class ReportPlots {

    private static final double FLOOR = 1e-4;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 650;

    private ReportPlots() {
    }

    /** A named curve to draw. */
    public record Curve(String name, List<VerificationMetrics.RocPoint> points) {
    }

    public static void roc(List<Curve> curves, String title, double targetFar, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        double minTar = 1;
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.name(), false, true);
            for (VerificationMetrics.RocPoint p : c.points()) {
                s.add(Math.max(FLOOR, p.far()), p.tar());
                if (p.far() >= FLOOR) {
                    minTar = Math.min(minTar, p.tar());
                }
            }
            data.addSeries(s);
        }
        LogAxis x = logAxis("false accept rate (FAR), log scale");
        NumberAxis y = new NumberAxis("true accept rate (TAR)");
        double lower = Math.max(0, Math.floor(minTar * 20) / 20 - 0.05);
        y.setRange(lower, 1.0 + (1.0 - lower) * 0.01);
        y.setTickUnit(new NumberTickUnit(lower > 0.8 ? 0.02 : 0.05));
        y.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        XYPlot plot = plot(data, x, y);
        ValueMarker m = new ValueMarker(targetFar, new Color(120, 120, 120), new BasicStroke(1.2f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
        m.setLabel("target FAR " + targetFar);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(10, 10, 10, 60));
        plot.addDomainMarker(m);
        save(new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true), title, file);
    }

    public static void det(List<Curve> curves, String title, Path file) throws IOException {
        det(curves, title, "false accept rate (FAR), log scale", "false reject rate (FRR), log scale", file);
    }

    /** A DET plot with the axes named for the error rates drawn (e.g. APCER and BPCER). */
    public static void det(List<Curve> curves, String title, String xLabel, String yLabel, Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.name(), false, true);
            for (VerificationMetrics.RocPoint p : c.points()) {
                s.add(Math.max(FLOOR, p.far()), Math.max(FLOOR, 1 - p.tar()));
            }
            data.addSeries(s);
        }
        XYSeries eer = new XYSeries("equal error rates", false, true);
        eer.add(FLOOR, FLOOR);
        eer.add(1, 1);
        data.addSeries(eer);
        LogAxis x = logAxis(xLabel);
        LogAxis y = logAxis(yLabel);
        XYPlot plot = plot(data, x, y);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        r.setSeriesPaint(curves.size(), new Color(160, 160, 160));
        r.setSeriesStroke(curves.size(), new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1,
                new float[] {4, 4}, 0));
        save(new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true), title, file);
    }

    private static LogAxis logAxis(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setRange(FLOOR * 0.95, 1.0);
        a.setTickUnit(new NumberTickUnit(1));
        a.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        a.setMinorTickMarksVisible(true);
        a.setMinorTickCount(9);
        a.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        a.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return a;
    }

    private static XYPlot plot(XYSeriesCollection data, org.jfree.chart.axis.ValueAxis x,
            org.jfree.chart.axis.ValueAxis y) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        Color[] colours = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, colours[i % colours.length]);
            r.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(210, 210, 210));
        plot.setRangeGridlinePaint(new Color(210, 210, 210));
        plot.setDomainMinorGridlinesVisible(true);
        plot.setDomainMinorGridlinePaint(new Color(240, 240, 240));
        return plot;
    }

    private static void save(JFreeChart chart, String title, Path file) throws IOException {
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 17)));
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
