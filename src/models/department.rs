//! The department's settings: one row, id 1.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use diesel::prelude::*;

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
}
