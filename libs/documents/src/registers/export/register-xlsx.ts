import ExcelJS from 'exceljs';
import type { RegisterTable } from './register-rows';

/** An XLSX workbook with the organisation, the register title, bold headings and wrapped cells, ready to print. */
export async function renderRegisterXlsx(table: RegisterTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'kyso';
  const sheet = workbook.addWorksheet('So van ban', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const last = table.columns.length;
  sheet.columns = table.columns.map((c) => ({ width: c.width + 2 }));
  const titleRows: Array<[string, Partial<ExcelJS.Font>]> = [
    [table.organisation, { bold: true, size: 12 }],
    [table.title, { bold: true, size: 14 }],
    [table.subtitle, { italic: true, size: 11 }],
  ];
  titleRows.forEach(([text, font], i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = font;
    row.getCell(1).alignment = { horizontal: 'center' };
    sheet.mergeCells(i + 1, 1, i + 1, last);
  });
  const header = sheet.getRow(5);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.heading;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = {
      top: { style: 'thin' },
      left: { style: 'thin' },
      bottom: { style: 'thin' },
      right: { style: 'thin' },
    };
  });
  table.rows.forEach((values, r) => {
    const row = sheet.getRow(6 + r);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      cell.value = v;
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: 5 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
