package org.nftb.spark;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A flat Parquet table (one file, required columns) written by Parquet's own writer without Spark or a Hadoop file
 * system, so that the in-process runner, the Spark driver and Spark executors write the same bytes. A file is
 * written whole to a temporary name in its directory and renamed over its final name atomically: a retried or
 * speculative task that writes the same part again replaces it with identical content, never a half-written file
 * and never a second copy.
 *
 * @param name    table name (the Parquet message name)
 * @param columns columns in order
 */
public record ParquetTable(String name, List<Column> columns) implements Serializable {

    /** Column types. */
    public enum Type { LONG, INT, DOUBLE, BOOLEAN, STRING }

    public record Column(String name, Type type) implements Serializable {
    }

    MessageType schema() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            switch (c.type()) {
                case LONG -> b.required(PrimitiveTypeName.INT64).named(c.name());
                case INT -> b.required(PrimitiveTypeName.INT32).named(c.name());
                case DOUBLE -> b.required(PrimitiveTypeName.DOUBLE).named(c.name());
                case BOOLEAN -> b.required(PrimitiveTypeName.BOOLEAN).named(c.name());
                case STRING -> b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
            }
        }
        return b.named(name);
    }

    /** Writes {@code rows} (values in column order: Long, Integer, Double, Boolean, String) to {@code file}. */
    public void write(Path file, List<Object[]> rows) {
        MessageType schema = schema();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(tmp);
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp)).withType(schema)
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
                for (Object[] row : rows) {
                    Group g = groups.newGroup();
                    for (int i = 0; i < columns.size(); i++) {
                        String n = columns.get(i).name();
                        switch (columns.get(i).type()) {
                            case LONG -> g.add(n, (Long) row[i]);
                            case INT -> g.add(n, (Integer) row[i]);
                            case DOUBLE -> g.add(n, (Double) row[i]);
                            case BOOLEAN -> g.add(n, (Boolean) row[i]);
                            case STRING -> g.add(n, (String) row[i]);
                        }
                    }
                    w.write(g);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write itself already failed or succeeded; a stray temporary file is named .*.tmp-*
            }
        }
    }

    /** Every row of a file written by {@link #write} (values as written). */
    public static List<Object[]> read(Path file) {
        List<Object[]> rows = new ArrayList<>();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = r.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long k = 0; k < pages.getRowCount(); k++) {
                    Group g = records.read();
                    Object[] row = new Object[schema.getFieldCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = switch (schema.getType(i).asPrimitiveType().getPrimitiveTypeName()) {
                            case INT64 -> g.getLong(i, 0);
                            case INT32 -> g.getInteger(i, 0);
                            case DOUBLE -> g.getDouble(i, 0);
                            case BOOLEAN -> g.getBoolean(i, 0);
                            default -> g.getString(i, 0);
                        };
                    }
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
