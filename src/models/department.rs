//! The department's settings: one row, id 1.

use chrono_tz::Tz;
use diesel::prelude::*;

use crate::domain::units::Units;
use crate::schema::department;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = department)]
pub struct Department {
    pub name: String,
    pub time_zone: String,
    pub units: String,
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
}
