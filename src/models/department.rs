//! The department's settings: one row, id 1.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::domain::range_test::Thresholds;
use crate::domain::rotation::{parse_pattern, Platoon, Rotation};
use crate::domain::units::Units;
use crate::schema::department;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = department)]
pub struct Department {
    pub name: String,
    pub time_zone: String,
    pub units: String,
    pub rotation_pattern: String,
    pub rotation_anchor: NaiveDate,
    pub platoon_offset_days: i32,
    pub shift_change_minutes: i32,
    pub platoons: String,
    pub near_zero_pct: i32,
    pub asymmetry_pct: i32,
    pub compensation_pct: i32,
    pub hugged_tolerance_pct: i32,
    pub retest_weeks: i32,
}

impl Department {
    pub fn get(conn: &mut SqliteConnection) -> QueryResult<Department> {
        department::table
            .find(1)
            .select(Department::as_select())
            .first(conn)
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(Tz::UTC)
    }

    pub fn units(&self) -> Units {
        Units::parse(&self.units).unwrap_or(Units::Imperial)
    }

    pub fn platoon_list(&self) -> Vec<Platoon> {
        self.platoons
            .split(',')
            .filter_map(|p| Platoon::parse(p.trim()))
            .collect()
    }

    pub fn change_time(&self) -> NaiveTime {
        let m = self.shift_change_minutes.clamp(0, 24 * 60 - 1) as u32;
        NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or_default()
    }

    /// The rotation as the domain rules see it.
    pub fn rotation(&self) -> Rotation {
        Rotation {
            pattern: parse_pattern(&self.rotation_pattern)
                .unwrap_or_else(|_| vec![true, false, false]),
            anchor: self.rotation_anchor,
            platoon_offset_days: self.platoon_offset_days.max(0) as u32,
            change_time: self.change_time(),
            platoons: self.platoon_list(),
        }
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
        use chrono::Timelike;
        let platoons = rotation
            .platoons
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(",");
        diesel::update(department::table.find(1))
            .set((
                department::rotation_pattern
                    .eq(crate::domain::rotation::format_pattern(&rotation.pattern)),
                department::rotation_anchor.eq(rotation.anchor),
                department::platoon_offset_days.eq(rotation.platoon_offset_days as i32),
                department::shift_change_minutes
                    .eq((rotation.change_time.hour() * 60 + rotation.change_time.minute()) as i32),
                department::platoons.eq(platoons),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// The range-test thresholds as the domain rules see them.
    pub fn thresholds(&self) -> Thresholds {
        let pct = |v: i32| v.clamp(0, 100) as u8;
        Thresholds {
            near_zero_pct: pct(self.near_zero_pct),
            asymmetry_pct: pct(self.asymmetry_pct),
            compensation_pct: pct(self.compensation_pct),
            retest_weeks: self.retest_weeks.clamp(1, 52) as u8,
            hugged_over_double_tolerance_pct: pct(self.hugged_tolerance_pct),
        }
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
