//! The department's settings: one row, id 1, read into typed settings once
//! and held in memory (`Settings`) until a coach saves a change. A stored
//! value the app cannot read (an unknown time zone, say) is an error to
//! report, never replaced by a default.

use std::sync::{Arc, RwLock};

use chrono::{NaiveDate, NaiveTime, Timelike};
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::domain::range_test::Thresholds;
use crate::domain::rotation::{format_pattern, parse_pattern, Platoon, Rotation};
use crate::domain::units::Units;
use crate::domain::Named;
use crate::schema::department;

/// The row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = department)]
struct DepartmentRow {
    name: String,
    time_zone: String,
    units: String,
    rotation_pattern: String,
    rotation_anchor: NaiveDate,
    platoon_offset_days: i32,
    shift_change_minutes: i32,
    platoons: String,
    near_zero_pct: i32,
    asymmetry_pct: i32,
    compensation_pct: i32,
    hugged_tolerance_pct: i32,
    retest_weeks: i32,
}

/// The department's settings, typed.
#[derive(Debug, Clone)]
pub struct Department {
    pub name: String,
    tz: Tz,
    units: Units,
    rotation: Rotation,
    thresholds: Thresholds,
}

fn bad(what: &str, value: impl std::fmt::Debug) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(
        format!("department settings: unreadable {what} {value:?}").into(),
    )
}

fn percent(what: &str, v: i32) -> Result<u8, diesel::result::Error> {
    u8::try_from(v)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| bad(what, v))
}

impl TryFrom<DepartmentRow> for Department {
    type Error = diesel::result::Error;

    fn try_from(row: DepartmentRow) -> Result<Department, Self::Error> {
        let tz: Tz = row
            .time_zone
            .parse()
            .map_err(|_| bad("time zone", &row.time_zone))?;
        let units = Units::parse(&row.units).ok_or_else(|| bad("units", &row.units))?;
        let pattern = parse_pattern(&row.rotation_pattern)
            .map_err(|_| bad("rotation pattern", &row.rotation_pattern))?;
        let platoons = row
            .platoons
            .split(',')
            .map(|p| Platoon::parse(p.trim()).ok_or_else(|| bad("platoon", p)))
            .collect::<Result<Vec<_>, _>>()?;
        let minutes = u32::try_from(row.shift_change_minutes)
            .ok()
            .filter(|m| *m < 24 * 60)
            .ok_or_else(|| bad("shift change", row.shift_change_minutes))?;
        let change_time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
            .ok_or_else(|| bad("shift change", minutes))?;
        let platoon_offset_days = u32::try_from(row.platoon_offset_days)
            .map_err(|_| bad("platoon offset", row.platoon_offset_days))?;
        let retest_weeks = u8::try_from(row.retest_weeks)
            .ok()
            .filter(|w| (1..=52).contains(w))
            .ok_or_else(|| bad("retest interval", row.retest_weeks))?;
        Ok(Department {
            name: row.name,
            tz,
            units,
            rotation: Rotation {
                pattern,
                anchor: row.rotation_anchor,
                platoon_offset_days,
                change_time,
                platoons,
            },
            thresholds: Thresholds {
                near_zero_pct: percent("near-zero threshold", row.near_zero_pct)?,
                asymmetry_pct: percent("asymmetry threshold", row.asymmetry_pct)?,
                compensation_pct: percent("compensation threshold", row.compensation_pct)?,
                retest_weeks,
                hugged_over_double_tolerance_pct: percent(
                    "hugged tolerance",
                    row.hugged_tolerance_pct,
                )?,
            },
        })
    }
}

impl Department {
    pub fn get(conn: &mut SqliteConnection) -> QueryResult<Department> {
        department::table
            .find(1)
            .select(DepartmentRow::as_select())
            .first(conn)?
            .try_into()
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn units(&self) -> Units {
        self.units
    }

    pub fn platoon_list(&self) -> Vec<Platoon> {
        self.rotation.platoons.clone()
    }

    /// The rotation as the domain rules see it.
    pub fn rotation(&self) -> &Rotation {
        &self.rotation
    }

    /// The range-test thresholds as the domain rules see them.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    pub fn save_general(
        conn: &mut SqliteConnection,
        name: &str,
        time_zone: Tz,
        units: Units,
    ) -> QueryResult<()> {
        diesel::update(department::table.find(1))
            .set((
                department::name.eq(name.trim()),
                department::time_zone.eq(time_zone.name()),
                department::units.eq(units.as_str()),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn save_rotation(conn: &mut SqliteConnection, rotation: &Rotation) -> QueryResult<()> {
        let platoons = rotation
            .platoons
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(",");
        diesel::update(department::table.find(1))
            .set((
                department::rotation_pattern.eq(format_pattern(&rotation.pattern)),
                department::rotation_anchor.eq(rotation.anchor),
                department::platoon_offset_days.eq(rotation.platoon_offset_days as i32),
                department::shift_change_minutes
                    .eq((rotation.change_time.hour() * 60 + rotation.change_time.minute()) as i32),
                department::platoons.eq(platoons),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Saves validated thresholds (`Thresholds::validate`).
    pub fn save_thresholds(conn: &mut SqliteConnection, t: &Thresholds) -> QueryResult<()> {
        diesel::update(department::table.find(1))
            .set((
                department::near_zero_pct.eq(i32::from(t.near_zero_pct)),
                department::asymmetry_pct.eq(i32::from(t.asymmetry_pct)),
                department::compensation_pct.eq(i32::from(t.compensation_pct)),
                department::hugged_tolerance_pct.eq(i32::from(t.hugged_over_double_tolerance_pct)),
                department::retest_weeks.eq(i32::from(t.retest_weeks)),
            ))
            .execute(conn)?;
        Ok(())
    }
}

/// The department's settings held in memory: read once at start-up, replaced
/// when a coach saves a change (the save hands back what it stored), so no
/// page reads them from the database.
pub struct Settings {
    current: RwLock<Arc<Department>>,
}

impl Settings {
    pub fn load(conn: &mut SqliteConnection) -> QueryResult<Settings> {
        Ok(Settings {
            current: RwLock::new(Arc::new(Department::get(conn)?)),
        })
    }

    pub fn department(&self) -> Arc<Department> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Takes a department read back after a committed save.
    pub fn replace(&self, department: Department) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(department);
    }
}
