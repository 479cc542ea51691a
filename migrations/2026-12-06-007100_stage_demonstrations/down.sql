DROP TABLE stage_demonstrations;
