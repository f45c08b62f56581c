//! Country outlines and the map projection.
//!
//! The outlines are Natural Earth's (public domain), converted by
//! `scripts/map/convert_world_atlas.py` into `data/countries.txt` (format described there;
//! provenance in `data/README.md`). The projection is equirectangular with longitudes
//! shrunk by the cosine of the middle latitude: at the scale of one country it keeps
//! shapes and distances right to a few percent, and it needs no library.

/// One country: ISO alpha-2 code (`-` when none), name, rings in degrees (lon, lat).
pub struct Country {
    pub iso2: String,
    pub name: String,
    pub rings: Vec<Vec<(f64, f64)>>,
}

const DATA: &str = include_str!("../../data/countries.txt");

/// The embedded countries, in file order (sorted by name).
pub fn countries() -> Vec<Country> {
    let mut out: Vec<Country> = Vec::new();
    for line in DATA.lines() {
        if let Some(rest) = line.strip_prefix("C ") {
            let mut parts = rest.splitn(3, ' ');
            let iso2 = parts.next().unwrap_or("-").to_owned();
            let _iso3 = parts.next();
            let name = parts.next().unwrap_or_default().to_owned();
            out.push(Country { iso2, name, rings: Vec::new() });
        } else if let Some(rest) = line.strip_prefix("R ") {
            let nums: Vec<i64> = rest.split(' ').filter_map(|n| n.parse().ok()).collect();
            let mut ring = Vec::with_capacity(nums.len() / 2);
            let (mut x, mut y) = (0_i64, 0_i64);
            for pair in nums.chunks_exact(2) {
                x += pair[0];
                y += pair[1];
                ring.push((x as f64 / 100.0, y as f64 / 100.0));
            }
            if let Some(c) = out.last_mut() {
                c.rings.push(ring);
            }
        }
    }
    out
}

/// The name of the country with ISO alpha-2 code `iso2`, if the map data has it.
pub fn country_name(iso2: &str) -> Option<String> {
    DATA.lines().filter_map(|l| l.strip_prefix("C ")).find_map(|rest| {
        let mut parts = rest.splitn(3, ' ');
        (parts.next() == Some(iso2)).then(|| parts.nth(1).unwrap_or_default().to_owned())
    })
}

/// A box in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    pub lon0: f64,
    pub lat0: f64,
    pub lon1: f64,
    pub lat1: f64,
}

impl BBox {
    pub fn of(points: impl Iterator<Item = (f64, f64)>) -> Option<BBox> {
        let mut b: Option<BBox> = None;
        for (lon, lat) in points {
            b = Some(match b {
                None => BBox { lon0: lon, lat0: lat, lon1: lon, lat1: lat },
                Some(b) => BBox {
                    lon0: b.lon0.min(lon),
                    lat0: b.lat0.min(lat),
                    lon1: b.lon1.max(lon),
                    lat1: b.lat1.max(lat),
                },
            });
        }
        b
    }

    pub fn intersects(&self, o: &BBox) -> bool {
        self.lon0 <= o.lon1 && o.lon0 <= self.lon1 && self.lat0 <= o.lat1 && o.lat0 <= self.lat1
    }
}

/// Degrees to SVG pixels.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    pub view: BBox,
    pub width: f64,
    pub height: f64,
    kx: f64,
    ky: f64,
}

impl Projection {
    /// Fits `points` into a `width`-wide map whose height is between `min_h` and `max_h`,
    /// with a margin around them; the box grows in one direction so shapes are not distorted.
    pub fn fit(points: &[(f64, f64)], width: f64, min_h: f64, max_h: f64) -> Projection {
        let b = BBox::of(points.iter().copied()).unwrap_or(BBox {
            lon0: -5.0,
            lat0: 10.0,
            lon1: 5.0,
            lat1: 20.0,
        });
        let (mut lon0, mut lon1, mut lat0, mut lat1) = (b.lon0, b.lon1, b.lat0, b.lat1);
        // Margin: 8% of the span, at least half a degree.
        let mx = ((lon1 - lon0) * 0.08).max(0.5);
        let my = ((lat1 - lat0) * 0.08).max(0.5);
        lon0 -= mx;
        lon1 += mx;
        lat0 -= my;
        lat1 += my;
        let cos = f64::midpoint(lat0, lat1).to_radians().cos().max(0.2);
        let natural = width * (lat1 - lat0) / ((lon1 - lon0) * cos);
        let height = natural.clamp(min_h, max_h);
        // Grow the box to the map's aspect ratio around its centre.
        let (cx, cy) = (f64::midpoint(lon0, lon1), f64::midpoint(lat0, lat1));
        if natural > height {
            let span = (lat1 - lat0) * width / height / cos;
            lon0 = cx - span / 2.0;
            lon1 = cx + span / 2.0;
        } else {
            let span = (lon1 - lon0) * cos * height / width;
            lat0 = cy - span / 2.0;
            lat1 = cy + span / 2.0;
        }
        let view = BBox { lon0, lat0, lon1, lat1 };
        Projection { view, width, height, kx: width / (lon1 - lon0), ky: height / (lat1 - lat0) }
    }

    pub fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.view.lon0) * self.kx, (self.view.lat1 - lat) * self.ky)
    }

    /// Pixels per kilometre, the same in both directions by construction (for the scale bar).
    pub fn px_per_km(&self) -> f64 {
        // One degree of latitude is 111.32 km.
        self.ky / 111.32
    }
}

/// Area-weighted centroid and absolute area of a ring (degrees; shoelace formula).
pub fn centroid(ring: &[(f64, f64)]) -> ((f64, f64), f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..ring.len() {
        let (x0, y0) = ring[i];
        let (x1, y1) = ring[(i + 1) % ring.len()];
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if a.abs() < 1e-12 {
        return (ring.first().copied().unwrap_or((0.0, 0.0)), 0.0);
    }
    ((cx / (3.0 * a), cy / (3.0 * a)), (a / 2.0).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_outlines_hold_west_africa_and_syria() {
        let all = countries();
        let mali = all.iter().find(|c| c.iso2 == "ML").expect("Mali is in the data");
        assert_eq!(mali.name, "Mali");
        let b = BBox::of(mali.rings.iter().flatten().copied()).unwrap();
        // Mali spans about 12.2°W–4.3°E and 10.1°N–25.0°N.
        assert!((b.lon0 + 12.2).abs() < 0.2 && (b.lon1 - 4.27).abs() < 0.2, "{b:?}");
        assert!((b.lat0 - 10.15).abs() < 0.2 && (b.lat1 - 25.0).abs() < 0.2, "{b:?}");
        assert!(all.iter().any(|c| c.iso2 == "SY"));
    }

    #[test]
    fn projection_keeps_points_inside_and_north_up() {
        let pts = [(-17.4, 14.7), (2.4, 15.9), (-4.0, 5.3), (-4.0, 22.7)];
        let p = Projection::fit(&pts, 1000.0, 400.0, 800.0);
        for (lon, lat) in pts {
            let (x, y) = p.xy(lon, lat);
            assert!((0.0..=p.width).contains(&x) && (0.0..=p.height).contains(&y));
        }
        assert!(p.xy(0.0, 20.0).1 < p.xy(0.0, 10.0).1, "north is up");
        // Equal km in both directions are equal pixels.
        let cos = f64::midpoint(p.view.lat0, p.view.lat1).to_radians().cos();
        let dx = p.xy(1.0, 10.0).0 - p.xy(0.0, 10.0).0;
        let dy = p.xy(0.0, 10.0).1 - p.xy(0.0, 11.0).1;
        assert!((dx / cos - dy).abs() < 1e-6 * dy);
    }
}
