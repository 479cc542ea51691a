//! A stage's demonstration (`stage_demonstrations`): the video link and the
//! image a coach set. The image's bytes are read only when it is served.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::demonstration::ImageType;
use crate::schema::stage_demonstrations as demos;

/// What the pages show of a demonstration (never the image's bytes).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = demos)]
pub struct Demonstration {
    pub stage_id: i32,
    pub video_url: Option<String>,
    pub image_type: Option<String>,
    pub updated_at: NaiveDateTime,
}

impl Demonstration {
    /// The stage's demonstration, if a coach set one.
    pub fn for_stage(
        conn: &mut SqliteConnection,
        stage: i32,
    ) -> QueryResult<Option<Demonstration>> {
        demos::table
            .find(stage)
            .select(Demonstration::as_select())
            .first(conn)
            .optional()
    }

    pub fn has_image(&self) -> bool {
        self.image_type.is_some()
    }

    /// Where the image is served; the version changes when it is replaced,
    /// so a phone's cached copy is never stale.
    pub fn image_src(&self) -> String {
        format!(
            "/catalog/{}/demonstration.img?v={}",
            self.stage_id,
            self.updated_at.and_utc().timestamp()
        )
    }

    /// The stored image and its kind.
    pub fn image(
        conn: &mut SqliteConnection,
        stage: i32,
    ) -> QueryResult<Option<(ImageType, Vec<u8>)>> {
        let row: Option<(Option<String>, Option<Vec<u8>>)> = demos::table
            .find(stage)
            .select((demos::image_type, demos::image))
            .first(conn)
            .optional()?;
        match row {
            Some((Some(mime), Some(bytes))) => match ImageType::from_mime(&mime) {
                Some(kind) => Ok(Some((kind, bytes))),
                None => Err(diesel::result::Error::DeserializationError(
                    format!("stage {stage}: unknown image type {mime:?}").into(),
                )),
            },
            _ => Ok(None),
        }
    }

    /// Sets (or with `None`, removes) the video link, keeping the image.
    pub fn set_video(
        conn: &mut SqliteConnection,
        stage: i32,
        url: Option<&str>,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(demos::table)
            .values((
                demos::stage_id.eq(stage),
                demos::video_url.eq(url),
                demos::updated_by.eq(by),
                demos::updated_at.eq(now),
            ))
            .on_conflict(demos::stage_id)
            .do_update()
            .set((
                demos::video_url.eq(url),
                demos::updated_by.eq(by),
                demos::updated_at.eq(now),
            ))
            .execute(conn)?;
        Self::drop_if_empty(conn, stage)
    }

    /// Sets the image, keeping the video link.
    pub fn set_image(
        conn: &mut SqliteConnection,
        stage: i32,
        kind: ImageType,
        bytes: &[u8],
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(demos::table)
            .values((
                demos::stage_id.eq(stage),
                demos::image.eq(bytes),
                demos::image_type.eq(kind.mime()),
                demos::updated_by.eq(by),
                demos::updated_at.eq(now),
            ))
            .on_conflict(demos::stage_id)
            .do_update()
            .set((
                demos::image.eq(bytes),
                demos::image_type.eq(kind.mime()),
                demos::updated_by.eq(by),
                demos::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Removes the image, keeping the video link.
    pub fn remove_image(conn: &mut SqliteConnection, stage: i32) -> QueryResult<()> {
        diesel::update(demos::table.find(stage))
            .set((
                demos::image.eq(None::<Vec<u8>>),
                demos::image_type.eq(None::<String>),
            ))
            .execute(conn)?;
        Self::drop_if_empty(conn, stage)
    }

    /// A row with neither a video nor an image goes.
    fn drop_if_empty(conn: &mut SqliteConnection, stage: i32) -> QueryResult<()> {
        diesel::delete(
            demos::table
                .find(stage)
                .filter(demos::video_url.is_null())
                .filter(demos::image.is_null()),
        )
        .execute(conn)
        .map(|_| ())
    }
}
