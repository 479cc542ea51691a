-- Issue 21, "see the movement": a stage's demonstration, set by a coach on
-- the catalog page: a link to the department's own video (https) and/or an
-- image kept here (PNG, JPEG or WebP, checked by its first bytes; the type
-- stored is the one found, never the one the browser claimed). Its own
-- table, so reading the cached catalog never reads an image. A row left
-- with neither is deleted by the app.
CREATE TABLE stage_demonstrations (
    stage_id INTEGER PRIMARY KEY NOT NULL REFERENCES stages (id),
    video_url TEXT CHECK (video_url IS NULL OR video_url LIKE 'https://%'),
    image BLOB,
    image_type TEXT CHECK (image_type IS NULL OR image_type IN ('image/png', 'image/jpeg', 'image/webp')),
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL,
    CHECK ((image IS NULL) = (image_type IS NULL))
);
