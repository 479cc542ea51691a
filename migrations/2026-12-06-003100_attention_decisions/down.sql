DROP TABLE attention_decisions;
