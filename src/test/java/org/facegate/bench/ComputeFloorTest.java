package org.facegate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The compute floor's arithmetic: cores x peak per core / GFLOP per photo. */
class ComputeFloorTest {

    @Test
    void theFloorIsCoresTimesPeakOverWorkPerPhoto() {
        ComputeFloor f = new ComputeFloor(1.35, 105.6, "recognition net alone, batch 8", 2);
        assertEquals(2 * 105.6 / 1.35, f.floorImagesPerSec(), 1e-9);
        assertEquals(156.444, f.floorImagesPerSec(), 1e-3);
    }

    @Test
    void aRawFigureIsStatedAsAShareOfTheFloor() {
        ComputeFloor f = new ComputeFloor(2.0, 100.0, "MatMul 2048x2048 probe", 2);
        assertEquals(100.0, f.floorImagesPerSec(), 1e-9);
        assertEquals(0.7, f.shareOf(70.0), 1e-12);
        assertEquals(1.41, f.shareOf(141.0), 1e-12, "above the floor shows as more than 100 %");
    }

    @Test
    void fewerCoresLowerTheFloorInProportion() {
        ComputeFloor f = new ComputeFloor(2.0, 100.0, "MatMul 2048x2048 probe", 2).withCores(1);
        assertEquals(50.0, f.floorImagesPerSec(), 1e-9);
        assertEquals("MatMul 2048x2048 probe", f.peakSource());
        assertEquals(50.0, (Double) f.toJson().get("floorImagesPerSec"), 1e-9);
    }

    @Test
    void aFloorWithoutWorkPeakOrCoresIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ComputeFloor(0, 100, "x", 2));
        assertThrows(IllegalArgumentException.class, () -> new ComputeFloor(1, 0, "x", 2));
        assertThrows(IllegalArgumentException.class, () -> new ComputeFloor(1, 100, "x", 0));
    }
}
